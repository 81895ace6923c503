"""API v1 (DESIGN §9): read-only JSON of the published snapshot, each response naming
the revision it comes from. A month not published is 404; the live preview has no URL.

Every response carries an ETag; a request whose If-None-Match names it gets 304 without
its rows being read. Every use of a known key is logged.
"""

from __future__ import annotations

import hashlib
import json
import math

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, NotFound, Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from scoring.queries import item_rows, warning_rows

from .. import published
from ..models import ApiKeyUse
from . import rows
from .access import HasApiKey
from .serializers import (
    ErrorSerializer,
    ItemSerializer,
    MonthBoardsSerializer,
    MonthSerializer,
    PlanItemSerializer,
    WarningSerializer,
)

ERRORS = {
    304: OpenApiResponse(description="未变化（If-None-Match 与 ETag 相同）"),
    401: OpenApiResponse(ErrorSerializer, description="缺少、无效、已吊销或已过期的密钥"),
    429: OpenApiResponse(ErrorSerializer, description="超过该密钥的请求频率"),
}
PAGES = [
    OpenApiParameter("page", OpenApiTypes.INT, description="页码，从 1 开始"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="每页条数，默认 2000，最多 5000"),
]
BAD_PAGE = OpenApiResponse(ErrorSerializer, description="page_size 不是整数")
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="该月份未发布或不存在")}
MONTH = OpenApiParameter(
    "month",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="YYYY-MM",
    pattern=r"^\d{4}-\d{2}$",
)


class SnapshotPagination(PageNumberPagination):
    """Pages of up to 2,000 rows: a whole month of the largest district in one."""

    page_size = 2000
    page_size_query_param = "page_size"
    max_page_size = 5000

    def paginate(self, rows: list, request, view, header: dict) -> Response:
        for size in request.query_params.getlist(self.page_size_query_param):
            if not size.strip().lstrip("-").isdigit():
                raise ValidationError({"detail": _("page_size 应为整数")})
        page = self.paginate_queryset(rows, request, view)
        return Response(
            {
                **header,
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": page,
            }
        )


def paginated(name: str, header, row) -> serializers.Serializer:
    """The schema of a page: the header fields, the paging links and the rows."""
    return inline_serializer(
        name,
        {
            **header().get_fields(),
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": row(many=True),
        },
    )


def etag_of(*parts: object) -> str:
    digest = hashlib.sha256(json.dumps(parts, cls=DjangoJSONEncoder).encode()).hexdigest()
    return f'"{digest[:32]}"'


class SnapshotView(APIView):
    """A read of the published snapshot: logs the key's use, answers 304 to a matching
    If-None-Match, names the revision in its headers."""

    def permission_denied(self, request, message=None, code=None):
        # DRF answers a request without a key with its own English text, never the
        # permission's message; rest_framework is not an installed app, so its catalogue
        # is not loaded either.
        if request.authenticators and not request.successful_authenticator:
            raise NotAuthenticated(HasApiKey.message)
        super().permission_denied(request, message, code)

    def throttled(self, request, wait):
        seconds = math.ceil(wait) if wait is not None else None
        error = Throttled(
            detail=_("请求过于频繁，请 %(seconds)s 秒后再试") % {"seconds": seconds}
            if seconds is not None
            else _("请求过于频繁，请稍后再试")
        )
        error.wait = seconds  # the Retry-After header
        raise error

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(request._request, "outlet_key", None)
        if key is not None:
            ApiKeyUse.objects.create(
                key=key, path=request.get_full_path()[:500], status=response.status_code
            )
        return response

    def answer(self, request, etag: str, build) -> Response:
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = Response(status=304)
        else:
            response = build()
        response["ETag"] = etag
        return response

    def paginate(self, rows: list, request, header: dict) -> Response:
        return self.pagination_class().paginate(rows, request, self, header)

    def publication(self, label: str):
        try:
            return published.publication(label)
        except published.NotPublished:
            raise NotFound(_("%(label)s 未发布") % {"label": label}) from None

    def month_answer(self, request, run, build) -> Response:
        etag = etag_of(run.pk, run.input_fingerprint, request.get_full_path())
        response = self.answer(request, etag, build)
        response["X-Showcase-Revision"] = str(run.revision)
        response["X-Showcase-Fingerprint"] = run.input_fingerprint
        return response


class MonthList(SnapshotView):
    """The published months, newest first: each with its latest revision."""

    @extend_schema(
        summary="已发布的月份（最新在前）",
        parameters=[
            OpenApiParameter(
                "updated_since",
                OpenApiTypes.DATETIME,
                description="只列出在此时间（ISO-8601）及以后发布或更正的月份",
            )
        ],
        responses={
            200: MonthSerializer(many=True),
            400: OpenApiResponse(ErrorSerializer, description="updated_since 不是 ISO-8601 时间"),
            **ERRORS,
        },
    )
    def get(self, request):
        since = request.query_params.get("updated_since")
        moment = None
        if since is not None:
            moment = parse_datetime(since)
            if moment is None or moment.tzinfo is None:
                raise ValidationError(
                    {
                        "detail": _(
                            "updated_since 应为带时区的 ISO-8601 时间，如 2022-03-01T00:00:00+08:00"
                        )
                    }
                )
        runs = published.latest_publications(moment)
        data = MonthSerializer([rows.month_fields(run) for run in runs], many=True).data
        return self.answer(request, etag_of(data), lambda: Response(data))


class MonthBoards(SnapshotView):
    """The three unit boards by group and the 八大行动 board of the latest revision."""

    @extend_schema(
        summary="一个已发布月份的三张榜单和八大行动",
        parameters=[MONTH],
        responses={200: MonthBoardsSerializer, **NOT_FOUND, **ERRORS},
    )
    def get(self, request, month: str):
        run = self.publication(month)
        return self.month_answer(
            request, run, lambda: Response(MonthBoardsSerializer(rows.boards(run)).data)
        )


class MonthRowsView(SnapshotView):
    """A paginated list of one published month's rows."""

    pagination_class = SnapshotPagination

    def rows(self, run) -> list[dict]:
        raise NotImplementedError

    def get(self, request, month: str):
        run = self.publication(month)
        return self.month_answer(
            request, run, lambda: self.paginate(self.rows(run), request, rows.month_fields(run))
        )


def month_rows_schema(summary: str, page: str, row) -> dict:
    return {
        "summary": summary,
        "parameters": [MONTH, *PAGES],
        "responses": {
            200: paginated(page, MonthSerializer, row),
            400: BAD_PAGE,
            **NOT_FOUND,
            **ERRORS,
        },
    }


@extend_schema_view(
    get=extend_schema(
        **month_rows_schema("一个已发布月份的每个计分事项", "MonthItemsPage", ItemSerializer)
    )
)
class MonthItems(MonthRowsView):
    """Every item scored in the latest revision, in the plan's order."""

    def rows(self, run) -> list[dict]:
        return [rows.item(row) for row in item_rows(run)]


@extend_schema_view(
    get=extend_schema(
        **month_rows_schema(
            "一个已发布月份的预警（会议工作簿预警表的各行）", "MonthWarningsPage", WarningSerializer
        )
    )
)
class MonthWarnings(MonthRowsView):
    """The 预警 of the latest revision: the rows of the meeting workbook's 预警 sheet."""

    def rows(self, run) -> list[dict]:
        return [rows.warning(row) for row in warning_rows(run)]


class PlanYearHeader(MonthSerializer):
    """The year's latest publication, and the year."""

    year = serializers.IntegerField()


class PlanYearItems(SnapshotView):
    """The plan's items with their 五定 fields, for a year with a published month; the
    header names the year's latest publication."""

    pagination_class = SnapshotPagination

    @extend_schema(
        summary="年度计划的事项及其五定（该年度有已发布月份时）",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description="YYYY")
        ],
        responses={
            200: paginated("PlanYearItemsPage", PlanYearHeader, PlanItemSerializer),
            400: BAD_PAGE,
            404: OpenApiResponse(ErrorSerializer, description="该年度没有已发布的月份"),
            **ERRORS,
        },
    )
    def get(self, request, year: str):
        try:
            if not (year.isascii() and year.isdigit() and len(year) == 4):
                raise published.NotPublished(year)
            year = int(year)
            run = published.latest_publication_of_year(year)
        except published.NotPublished:
            raise NotFound(_("%(year)s 年度没有已发布的月份") % {"year": year}) from None
        items = PlanItemSerializer(
            [rows.plan_item(item) for item in published.plan_items(year)], many=True
        ).data
        header = {"year": year, **rows.month_fields(run)}
        etag = etag_of(header, items, request.get_full_path())
        return self.answer(request, etag, lambda: self.paginate(items, request, header))


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 (handler404): under /api/ the API's JSON, never the site's HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("接口地址不存在")}, status=404)
    return defaults.page_not_found(request, exception)
