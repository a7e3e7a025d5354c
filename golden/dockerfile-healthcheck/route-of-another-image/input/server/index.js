const app = require('express')();
app.get('/api/v1/ping', (req, res) => res.send('pong'));
app.listen(3000);
