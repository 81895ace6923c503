"""The meeting's records in the admin, read-only: comments, assignments and ratings
change only through the meeting pages' services."""

from django.contrib import admin

from actions.admin import ReadOnlyAdmin

from .models import (
    Assignment,
    AssignmentProgress,
    Comment,
    RatingResult,
    RatingSeat,
    RatingSession,
    Vote,
)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("month", "target", "speaker", "author", "created_at")
    list_filter = ("month",)
    list_select_related = ("month", "item", "unit", "action", "author", "on_behalf_of")
    search_fields = ("text",)
    raw_id_fields = ("item", "unit", "action")


class AssignmentProgressInline(admin.TabularInline):
    model = AssignmentProgress
    extra = 0
    readonly_fields = ("kind", "text", "evidence", "author", "created_at")
    can_delete = False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("number", "month", "responsible_unit", "deadline", "status", "assigned_by")
    list_filter = ("status", "month", "responsible_unit")
    list_select_related = ("month", "responsible_unit", "assigned_by")
    search_fields = ("content",)
    filter_horizontal = ("co_units",)
    raw_id_fields = ("item",)
    inlines = [AssignmentProgressInline]


class RatingSeatInline(admin.TabularInline):
    model = RatingSeat
    extra = 0


class RatingResultInline(admin.TabularInline):
    model = RatingResult
    extra = 0
    readonly_fields = ("unit", "vote_count", "mean", "bonus")
    can_delete = False


@admin.register(RatingSession)
class RatingSessionAdmin(ReadOnlyAdmin):
    list_display = ("title", "month", "state", "min_score", "max_score", "created_at")
    list_filter = ("state", "month")
    filter_horizontal = ("units",)
    readonly_fields = ("token",)
    inlines = [RatingSeatInline, RatingResultInline]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("session", "unit", "user", "seat", "score", "updated_at")
    list_filter = ("session",)
    list_select_related = ("session", "unit", "user", "seat")
