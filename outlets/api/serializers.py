"""The API's JSON, field by field (DESIGN §9). The same serializers describe it in the
OpenAPI file and write it, so the two cannot disagree."""

from __future__ import annotations

from rest_framework import serializers

# The three bands in the words of the 预警 sheet and the item table.
BANDS = ["绿", "黄", "红"]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="出错原因（中文）")


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    revision = serializers.IntegerField(help_text="发布版本：1 为首次发布，2 起为更正")
    fingerprint = serializers.CharField(help_text="该版本输入数据的指纹")
    published_at = serializers.DateTimeField(help_text="该版本的发布时间")


class UnitRowSerializer(serializers.Serializer):
    unit_code = serializers.CharField()
    unit = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.CharField(help_text="两位小数，与榜单一致")
    movement = serializers.CharField(help_text="较上月：↑n / ↓n / — / 新")
    honour = serializers.CharField(allow_null=True, help_text="红榜，或 null")
    warning = serializers.CharField(allow_null=True, help_text="警示榜，或 null")
    kept_off = serializers.CharField(
        allow_null=True,
        help_text="名列前三却未入红榜的原因，如“逾期：GY-15；未报送：SZ-16”，否则 null",
    )


class GroupSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="区直部门 / 乡镇街道")
    rows = UnitRowSerializer(many=True)


class BoardSerializer(serializers.Serializer):
    board = serializers.ChoiceField(choices=["province", "city", "district"])
    title = serializers.CharField(help_text="省考排行榜 / 市考排行榜 / 区级综合评价榜")
    groups = GroupSerializer(many=True)


class ActionRowSerializer(serializers.Serializer):
    action_code = serializers.CharField()
    action = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.CharField()
    movement = serializers.CharField()


class MonthBoardsSerializer(MonthSerializer):
    boards = BoardSerializer(many=True)
    actions = ActionRowSerializer(many=True, help_text="八大行动")


class ItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    action_code = serializers.CharField()
    lead_unit_code = serializers.CharField()
    kind = serializers.CharField(help_text="指标 / 项目 / 工作")
    level = serializers.CharField(help_text="省考 / 市考 / 区级")
    target = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_null=True, help_text="完成值（年度累计）")
    completion = serializers.CharField(allow_null=True, help_text="完成率 c（目标类事项）")
    rank = serializers.IntegerField(allow_null=True)
    peer_count = serializers.IntegerField(allow_null=True)
    score = serializers.CharField()
    band = serializers.ChoiceField(choices=BANDS)
    status = serializers.CharField(help_text="已完成 / 序时推进 / 滞后 / 逾期 / 未报送，或空")
    lagging = serializers.BooleanField(help_text="排位靠后")


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="事项编码")
    name = serializers.CharField(help_text="事项内容")
    lead_unit_code = serializers.CharField()
    lead_unit = serializers.CharField(help_text="牵头单位")
    warning = serializers.ChoiceField(choices=BANDS, help_text="预警")
    forecast = serializers.CharField(allow_null=True, help_text="预测年末值 P，两位小数")
    completion = serializers.CharField(allow_null=True, help_text="预计完成率 c，三位小数")
    basis = serializers.CharField(help_text="依据")


class PlanItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    action_code = serializers.CharField()
    action = serializers.CharField()
    kind = serializers.CharField(help_text="指标 / 项目 / 工作")
    level = serializers.CharField(help_text="省考 / 市考 / 区级")
    responsible_official = serializers.CharField(help_text="定人：责任领导")
    responsible_person = serializers.CharField(help_text="定人：责任人")
    lead_unit_code = serializers.CharField(help_text="定责：牵头单位")
    lead_unit = serializers.CharField()
    co_unit_codes = serializers.ListField(child=serializers.CharField(), help_text="配合单位")
    cadence = serializers.CharField(help_text="定时：频次 月 / 季 / 年")
    deadline = serializers.DateField(allow_null=True, help_text="定时：完成时限")
    target = serializers.CharField(allow_null=True, help_text="定量：目标值")
    measure_unit = serializers.CharField(help_text="定量：计量单位")
    direction = serializers.CharField(help_text="定量：正向 / 逆向")
    cumulative = serializers.BooleanField(help_text="定量：累计")
    standard = serializers.CharField(help_text="定性：定性标准")
    weight = serializers.CharField()
