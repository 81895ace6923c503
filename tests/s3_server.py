"""A real S3-compatible server on 127.0.0.1 for the object-storage runs of the suite.

moto's server (the `moto[server]` package) speaks the S3 API over HTTP as a bucket
service does; django-storages talks to it through boto3 exactly as it would to a
production bucket. `--storage=s3` (or SHOWCASE_TEST_STORAGE=s3) switches every test's
default storage to a private bucket on it, each test under a prefix of its own.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

import pytest

BUCKET = "showcase-test"
# moto accepts any credentials; boto3 refuses to sign without some.
ACCESS_KEY, SECRET_KEY, REGION = "testing", "testing", "us-east-1"


@dataclass
class S3Server:
    endpoint_url: str
    bucket: str = BUCKET

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def storage_options(self, location: str = "") -> dict:
        """STORAGES["default"] OPTIONS for django-storages' S3Storage, as the production
        settings build them from AWS_STORAGE_BUCKET_NAME and friends."""
        return {
            "bucket_name": self.bucket,
            "endpoint_url": self.endpoint_url,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "location": location,
        }

    def environ(self) -> dict[str, str]:
        """The environment a separate process (gunicorn, a worker) is configured by."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def keys(self, prefix: str = "") -> list[str]:
        pages = (
            self.client()
            .get_paginator("list_objects_v2")
            .paginate(Bucket=self.bucket, Prefix=prefix)
        )
        return [item["Key"] for page in pages for item in page.get("Contents", [])]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on a free port of 127.0.0.1 with a private bucket, for the
    session."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        s3 = S3Server(f"http://127.0.0.1:{port}")
        s3.client().create_bucket(Bucket=s3.bucket)
        yield s3
    finally:
        server.stop()


class StoredFiles:
    """Django's default storage seen as a folder, whichever it is: `files / name`
    reads and checks a stored file as a pathlib.Path would."""

    def __truediv__(self, name: str) -> StoredFile:
        return StoredFile(name)


@dataclass
class StoredFile:
    name: str

    def read_bytes(self) -> bytes:
        from django.core.files.storage import default_storage

        with default_storage.open(self.name, "rb") as stream:
            return stream.read()

    def exists(self) -> bool:
        from django.core.files.storage import default_storage

        return default_storage.exists(self.name)
