"""gunicorn settings of the documented deployment (README, "Production"):

    gunicorn -c deploy/gunicorn.conf.py config.wsgi:application

Bind, worker count and the proxy's address come from the environment so one file serves every host.
"""

import os

import gunicorn.http.wsgi

# Responses name no server software or version ("Server: gunicorn/23.0.0" helps nobody but scanners).
gunicorn.http.wsgi.SERVER = "chuangfu"

pythonpath = "site"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# The reverse proxy in front; only it may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
