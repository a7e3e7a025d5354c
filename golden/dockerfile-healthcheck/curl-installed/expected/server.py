ROUTES = {"/api/health": "ok", "/ping": "pong"}
