#!/bin/sh
exec php-fpm
