# gunicorn settings, read with `gunicorn --config gunicorn.conf.py wsgi:app`.
# PORT lets a local target run the image on a free port; 8080 is the image's declared port.
# HOST narrows the listening address, e.g. to 127.0.0.1 for a process on a shared machine.
import os

bind = os.environ.get("HOST", "0.0.0.0") + ":" + os.environ.get("PORT", "8080")
workers = int(os.environ.get("WORKERS", "2"))
# The model is read once per worker at import; it is small, so no preload is needed.
accesslog = "-"
errorlog = "-"
timeout = 30
