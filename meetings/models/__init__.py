"""The meeting itself (晒比会现场): leader comments, assignments, on-site rating and the
meeting workbooks built in the background."""

from .assignments import (
    Assignment,
    AssignmentProgress,
    AssignmentQuerySet,
    AssignmentStatus,
    ProgressFile,
    ProgressKind,
)
from .comments import Comment, CommentQuerySet
from .exports import ExportStatus, MeetingExport
from .notices import NOTICE_MAX_CHARS, MeetingDate, Notice, NoticeLetterhead, NoticePreview
from .rating import RatingResult, RatingSeat, RatingSession, RatingState, Vote

__all__ = [
    "NOTICE_MAX_CHARS",
    "Assignment",
    "AssignmentProgress",
    "AssignmentQuerySet",
    "AssignmentStatus",
    "Comment",
    "CommentQuerySet",
    "ExportStatus",
    "MeetingDate",
    "MeetingExport",
    "Notice",
    "NoticeLetterhead",
    "NoticePreview",
    "ProgressFile",
    "ProgressKind",
    "RatingResult",
    "RatingSeat",
    "RatingSession",
    "RatingState",
    "Vote",
]
