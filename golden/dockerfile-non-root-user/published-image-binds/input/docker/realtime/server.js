require("fs").readFileSync("/app/ssh/id_ed25519")
