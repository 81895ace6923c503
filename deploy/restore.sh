#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh into a FRESH, empty database.
#
#   createdb -O showcase showcase_restored          # as the postgres user
#   DATABASE_URL=postgres://showcase:...@127.0.0.1:5432/showcase_restored \
#   MEDIA_ROOT=/var/lib/showcase/media \
#     deploy/restore.sh showcase-db-<stamp>.dump [showcase-media-<stamp>.tar.gz]
#
# The dump is restored in one transaction (all or nothing) with --no-owner, so the
# tables belong to the user in DATABASE_URL whoever owned them before. It refuses a
# database that already has tables, and a MEDIA_ROOT that already has files: restoring
# over live data is never what a tired operator meant.
set -euo pipefail

die() {
  echo "restore.sh: $*" >&2
  exit 1
}

[ $# -ge 1 ] && [ $# -le 2 ] || die "用法：restore.sh 数据库备份.dump [文件备份.tar.gz]"
dump=$1
media_tar=${2:-}
[ -f "$dump" ] || die "找不到数据库备份 $dump"
[ -z "$media_tar" ] || [ -f "$media_tar" ] || die "找不到文件备份 $media_tar"
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL 未设置（指向新建的空数据库）"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL 不是 PostgreSQL" ;;
esac
command -v pg_restore >/dev/null || die "找不到 pg_restore（apt-get install postgresql-client）"

tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" --command \
  "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
[ "$tables" = "0" ] || die "目标数据库已有 $tables 张表：请恢复到新建的空数据库（createdb）"

if [ -n "$media_tar" ]; then
  [ -n "${MEDIA_ROOT:-}" ] || die "MEDIA_ROOT 未设置：不知道把文件恢复到哪里"
  if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
    die "MEDIA_ROOT $MEDIA_ROOT 不是空目录"
  fi
fi

pg_restore --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$dump"
echo "数据库已恢复：$dump"

if [ -n "$media_tar" ]; then
  mkdir -p "$MEDIA_ROOT"
  tar --extract --gzip --file="$media_tar" --directory="$MEDIA_ROOT" --no-same-owner
  echo "文件已恢复到 $MEDIA_ROOT：$media_tar"
fi
