import os
PASSWORD = os.getenv("DB_PASSWORD", "devpass-for-app")
