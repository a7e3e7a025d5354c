FROM example/base-image:php-8.3-alpine
RUN apk add --no-cache git
COPY . /app
WORKDIR /app
CMD ["php-fpm"]
