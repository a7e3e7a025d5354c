#!/bin/sh
set -e
apt-get install -y cmake unzip
apt purge -qy cmake unzip
