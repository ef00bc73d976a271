"""Blocks that draw how things work: process steps (a flow), organisation structure (a tree), a timeline."""

from wagtail import blocks


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="步骤", max_length=20, help_text="简短的动宾短语，例如：群众点单")
    description = blocks.TextBlock(label="说明", max_length=200, required=False)


class ProcessStepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, required=False, help_text="例如：怎么运转")
    steps = blocks.ListBlock(StepBlock(), label="步骤", min_num=2, max_num=8)

    class Meta:
        label = "流程步骤"
        icon = "list-ol"
        template = "blocks/process_steps.html"
        description = "按顺序画成流程，例如：群众点单 → 社区派单 → 单位接单 → 群众评单。"
        preview_value = {
            "heading": "怎么运转",
            "steps": [
                {"title": "群众点单", "description": "居民提出需求"},
                {"title": "社区派单", "description": "社区分派给单位"},
                {"title": "单位接单", "description": "共建单位认领办理"},
                {"title": "群众评单", "description": "居民评价办理结果"},
            ],
        }


class OrgLevelBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="层级名称", max_length=30, help_text="例如：网格党支部")
    count = blocks.CharBlock(label="数量", max_length=20, required=False, help_text="选填，例如：377个")
    description = blocks.TextBlock(label="职责", max_length=200, required=False)
    units = blocks.ListBlock(
        blocks.CharBlock(label="组织", max_length=40),
        label="示例组织",
        required=False,
        default=[],
        help_text="选填：这一层的几个组织名称，画成同一层的分支。",
    )


class OrgStructureBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, required=False, help_text="例如：四级组织架构")
    levels = blocks.ListBlock(
        OrgLevelBlock(), label="层级（从上到下）", min_num=2, max_num=6, help_text="第一项是最上层的组织。"
    )

    class Meta:
        label = "组织架构"
        icon = "site"
        template = "blocks/org_structure.html"
        description = "从上到下画成组织树，例如：社区党组织 → 网格党支部 → 楼栋党小组 → 党员联系户。"
        preview_value = {
            "heading": "四级组织架构",
            "levels": [
                {"name": "社区党组织", "units": []},
                {"name": "网格党支部", "count": "106个", "units": []},
                {"name": "楼栋党小组", "units": []},
                {"name": "党员联系户", "units": []},
            ],
        }


class TimelineEventBlock(blocks.StructBlock):
    when = blocks.CharBlock(label="时间", max_length=20, help_text="例如：2021年6月")
    title = blocks.CharBlock(label="事件", max_length=60)
    description = blocks.TextBlock(label="说明", max_length=300, required=False)


class TimelineBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, required=False, help_text="例如：发展历程")
    events = blocks.ListBlock(TimelineEventBlock(), label="事件（按时间先后）", min_num=1)

    class Meta:
        label = "时间线"
        icon = "date"
        template = "blocks/timeline.html"
        description = "按时间先后排列的大事记。"
        preview_value = {
            "heading": "发展历程",
            "events": [
                {"when": "2015年", "title": "成立党建联盟"},
                {"when": "2021年", "title": "辖区发案量降至全年9起"},
            ],
        }
