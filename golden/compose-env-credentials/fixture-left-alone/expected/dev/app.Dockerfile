FROM node:20
WORKDIR /app
CMD ["make", "run"]
