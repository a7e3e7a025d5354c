console.log("migrations applied");
