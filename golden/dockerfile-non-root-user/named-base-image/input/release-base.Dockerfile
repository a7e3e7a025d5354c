FROM php:8.3-fpm-alpine
RUN apk add --no-cache mariadb-client sqlite zip libzip-dev; \
	docker-php-ext-install bcmath pdo_mysql zip
