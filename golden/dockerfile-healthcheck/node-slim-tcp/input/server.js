require('http').createServer((q, s) => s.end('hi')).listen(3000);
