const app = require('express')();
// The worker's own health server.
app.get('/healthz', (req, res) => res.send('ok'));
app.listen(5566);
