def hello():
    return "hello from a wheel\n"
