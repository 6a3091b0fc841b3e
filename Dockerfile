# The image docker-compose.yml builds for the web and worker services.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ENVIRONMENT=production FLASK_APP=wsgi
WORKDIR /app
# Fonts with Bangla glyphs for the PDF reports.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md config.py wsgi.py ./
COPY clinic ./clinic
COPY tasks ./tasks
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --create-home clinic && mkdir -p instance \
 && chown clinic instance
USER clinic
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "wsgi:app"]
