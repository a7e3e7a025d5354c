import "../../lib/env";

console.log("Environment variables validated successfully");
