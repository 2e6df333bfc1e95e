-- Runs once, when the compose file's Postgres starts on an empty volume: a database and a role
-- for the warehouse's DuckLake catalog, apart from Airflow's metadata database.
CREATE ROLE news LOGIN PASSWORD 'news';
CREATE DATABASE news OWNER news;
