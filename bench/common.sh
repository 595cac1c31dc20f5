# Shared by the benchmark scripts: a fresh PostgreSQL database, the application on it, an API token.
DB=${DB:-gridwork_bench}
PORT=${PORT:-8091}
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java

q() { psql -h localhost -U postgres -d "$DB" -tAc "$1"; }

start_app() {
  [ -f target/gridwork-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B package -DskipTests
  psql -h localhost -U postgres -qc "drop database if exists $DB with (force)" -c "create database $DB"
  rm -f target/bench-app.log
  SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/$DB SPRING_DATASOURCE_USERNAME=postgres \
  GRIDWORK_CRYPTO_DATA_KEY=$(openssl rand -base64 32) GRIDWORK_CRYPTO_HASH_KEY=$(openssl rand -base64 32) \
  GRIDWORK_DEMAND_PER_ADDRESS_PER_MINUTE=1000000000 PORT=$PORT \
    "$JAVA" -Xmx1g -jar target/gridwork-0.1.0-SNAPSHOT.jar > target/bench-app.log 2>&1 &
  APP=$!
  trap 'kill $APP 2>/dev/null || true' EXIT
  until grep -qs "demo accounts" target/bench-app.log; do sleep 1; done
}

# token_for USER: signs in through the login form and issues an API token
token_for() {
  local jar csrf
  jar=$(mktemp)
  csrf=$(curl -s -c "$jar" localhost:$PORT/login | grep -o 'name="_csrf" value="[^"]*"' | cut -d'"' -f4)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=$1" --data-urlencode password=gridwork-demo \
    --data-urlencode "_csrf=$csrf" localhost:$PORT/login
  csrf=$(curl -s -b "$jar" localhost:$PORT/me/tokens | grep -o 'name="_csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
  curl -s -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
    localhost:$PORT/api/tokens | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

machine() {
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, PostgreSQL $(psql -h localhost -U postgres -tAc 'show server_version'), $("$JAVA" -version 2>&1 | head -1), load before run: $(cut -d' ' -f1-3 /proc/loadavg)"
}
