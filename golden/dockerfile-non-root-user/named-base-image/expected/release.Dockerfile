FROM example/base-image:php-8.3-alpine
RUN apk add --no-cache git
RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s /sbin/nologin app && mkdir -p /app && chown 10001:10001 /app
ENV HOME=/tmp
USER 10001:10001
COPY . /app
WORKDIR /app
CMD ["php-fpm"]
