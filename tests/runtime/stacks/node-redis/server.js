// An upload service: Node's standard library only. /healthz logs in to Redis (AUTH, then PING);
// POST /upload writes a file into uploads/.
const http = require("http");
const net = require("net");
const fs = require("fs");
const path = require("path");

function redis(commands, done) {
  const socket = net.connect(6379, process.env.REDIS_HOST || "cache");
  let reply = "";
  socket.setTimeout(2000, () => socket.destroy(new Error("timeout")));
  socket.on("connect", () => socket.write(commands.map((c) => encode(c)).join("")));
  socket.on("data", (chunk) => {
    reply += chunk;
    if (reply.split("\r\n").length > commands.length) {
      socket.end();
      done(null, reply);
    }
  });
  socket.on("error", (error) => done(error));
}

function encode(words) {
  return `*${words.length}\r\n` + words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join("");
}

http
  .createServer((req, res) => {
    if (req.url === "/healthz") {
      redis([["AUTH", process.env.REDIS_PASSWORD || ""], ["PING"]], (error, reply) => {
        const ok = !error && reply.startsWith("+OK") && reply.includes("+PONG");
        res.writeHead(ok ? 200 : 503);
        res.end(ok ? "ok\n" : `redis: ${error ? error.message : reply.trim()}\n`);
      });
    } else if (req.url === "/upload" && req.method === "POST") {
      const file = path.join(__dirname, "uploads", `upload-${Date.now()}.txt`);
      fs.writeFile(file, "uploaded\n", (error) => {
        res.writeHead(error ? 500 : 200);
        res.end(error ? `${error.code}\n` : "stored\n");
      });
    } else {
      res.end("uploads\n");
    }
  })
  .listen(3000);
