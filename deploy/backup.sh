#!/usr/bin/env bash
# Backs up the 晒比会 board: the database (pg_dump, custom format) and MEDIA_ROOT (tar).
#
#   deploy/backup.sh [BACKUP_DIR]
#
# Reads DATABASE_URL (PostgreSQL), MEDIA_ROOT (default: media/ in the project, as the
# settings do; ignored with AWS_STORAGE_BUCKET_NAME, whose bucket it cannot copy), BACKUP_DIR (default /var/backups/showcase) and BACKUP_KEEP_DAYS (unset:
# keep every backup). Writes showcase-db-<stamp>.dump and showcase-media-<stamp>.tar.gz
# and prints their paths, one a line, on stdout. A failed run leaves no file that looks
# like a good backup. Restore with deploy/restore.sh.
set -euo pipefail

die() {
  echo "backup.sh: $*" >&2
  exit 1
}

project=$(cd "$(dirname "$0")/.." && pwd)
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL 未设置（应为 postgres://user:pass@host:5432/name）"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL 不是 PostgreSQL：本脚本只备份 PostgreSQL 数据库" ;;
esac
command -v pg_dump >/dev/null || die "找不到 pg_dump（apt-get install postgresql-client）"

dir=${1:-${BACKUP_DIR:-/var/backups/showcase}}
media=${MEDIA_ROOT:-$project/media}
stamp=$(date +%Y%m%d-%H%M%S)
db_file="$dir/showcase-db-$stamp.dump"
media_file="$dir/showcase-media-$stamp.tar.gz"

# The dump holds password hashes and every unit's reports: readable by us alone.
umask 077
mkdir -p "$dir"
trap 'rm -f "$db_file.part" "$media_file.part"' EXIT

# Written under a temporary name and renamed only once complete.
pg_dump --format=custom --file="$db_file.part" --dbname="$DATABASE_URL"
mv "$db_file.part" "$db_file"
echo "$db_file"

if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  # Every file is in the bucket (MEDIA_ROOT stays empty): this script cannot copy it.
  echo "backup.sh: 文件在对象存储桶 $AWS_STORAGE_BUCKET_NAME 中，本脚本只备份了数据库；请用存储服务的版本控制或复制功能备份该桶" >&2
elif [ -d "$media" ]; then
  tar --create --gzip --file="$media_file.part" --directory="$media" .
  mv "$media_file.part" "$media_file"
  echo "$media_file"
else
  echo "backup.sh: MEDIA_ROOT $media 不存在，跳过文件备份" >&2
fi

if [ -n "${BACKUP_KEEP_DAYS:-}" ]; then
  find "$dir" -maxdepth 1 -type f -name 'showcase-*' -mtime +"$BACKUP_KEEP_DAYS" -delete
fi
