#!/usr/bin/env python3
print("$HOME stays")
