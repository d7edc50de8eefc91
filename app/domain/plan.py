"""一関市協働推進アクションプラン as data: the three pillars with their items, the grade scale,
the next-year directions and the default evaluation criteria, in the plan's own wording.

Items are referred to by a stable code ("1-2" = 人づくり / 地域の人材育成) so stored projects and
targets survive a change of wording in a later plan.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class PlanItem:
    code: str  # "1-2"
    name: str  # 地域の人材育成
    goals: tuple[str, ...]  # ❶❷❸ of the plan, without the mark
    actions: tuple[str, ...]  # ①②③ アクション


@dataclass(frozen=True)
class Pillar:
    key: str  # "1"
    name: str  # 人づくり
    title: str  # 協働のための人づくり
    items: tuple[PlanItem, ...]


PILLARS: tuple[Pillar, ...] = (
    Pillar("1", "人づくり", "協働のための人づくり", (
        PlanItem("1-1", "市民意識の啓発", (
            "協働のまちづくりに関する総合的な情報提供",
            "市民一人ひとりの自発的な関わりの促進",
            "「自分は、まちづくりの担い手である」という意識の高揚",
        ), ("説明会の開催", "協働リーフレット等の配布", "広報紙等の活用", "ホームページの活用",
            "図書資料等の活用", "ポスターコンクール")),
        PlanItem("1-2", "地域の人材育成", (
            "市民組織の中心的役割を担う人材の育成",
            "市民の学習機会の確保・提供",
            "リーダー向け手引書の配布",
        ), ("リーダー、サブリーダー等養成研修会の開催",
            "協働のまちづくり講演会・まちづくりの集いなどの開催",
            "講座やワークショップなどの手引書を配布")),
        PlanItem("1-3", "市職員の意識高揚", (
            "協働のまちづくりの共通理解",
            "一市民としてまちづくりに参画",
            "コミュニケーション・コーディネート力の向上",
        ), ("職員行動指針の配布", "協働のまちづくり研修会・事業発表会の開催",
            "コミュニケーション研修の実施")),
    )),
    Pillar("2", "仕組みづくり", "協働のための仕組みづくり", (
        PlanItem("2-1", "情報の共有と意見の反映", (
            "行政情報は、わかりやすく、各種媒体を活用して提供",
            "市民の意見や提言は、施策等に反映",
            "市民と行政との意見交換の機会確保",
            "市民同士での情報提供・意見交換",
        ), ("市広報及びホームページによる市の施策の情報提供",
            "市の各種計画づくりでのワークショップ開催とメンバー公募、パブリックコメントの実施",
            "市の各種審議会委員の公募",
            "市の個別施策の地域説明会の実施、まちづくり懇談会の開催")),
        PlanItem("2-2", "行政等の支援策", (
            "市民組織が行う公共的、公益的活動へのお金、人、物の支援",
        ), ("自治会等の活動や地域づくり活動に対して補助金等で支援",
            "市職員を説明員や講師として地域に派遣",
            "市民活動センター等でファシリテーター、サポーター等の派遣")),
        PlanItem("2-3", "市民活動センター等の中間支援", (
            "市民活動センター、社会福祉協議会などを中間支援組織として位置づけ、"
            "組織相互の連携促進と市民組織の活動を支援",
        ), ("中間支援組織による市民組織の自主活動や地域おこし事業等の支援",
            "市民活動の先導、協働のまちづくりの支援をする市民活動センター事業の充実")),
        PlanItem("2-4", "事業形態の選択活用", (
            "事業形態の選択は、相乗効果が最も見込まれるものを選択し、その機能を活用",
        ), ("共催事業では、人的な役割も担い、信頼関係を構築",
            "後援事業では、可能な支援を自発的に実施し、社会的信頼を確保",
            "実行委員会事業では、より多くの協働の主体が集結し、これまで実施できなかった事業を実現")),
        PlanItem("2-5", "地域協働の仕組みづくり", (
            "市の区域よりも狭い範囲での地域協働の仕組みづくりを促進して地域を活性化",
            "公民館は、協働のまちづくりの拠点として位置づけ",
        ), ("元気な地域づくり事業の実施",
            "自治会がまだ結成されていない地域で組織化を促進",
            "地域協働体づくりを促進",
            "地域協働体は、公民館を活動拠点として、管理運営を担う",
            "行政は、地域協働体が管理運営する公民館の管理費用を負担、協働のまちづくりに必要な費用を支援する")),
    )),
    Pillar("3", "環境づくり", "協働のための環境づくり", (
        PlanItem("3-1", "協働の主体の充実", (
            "協働の主体としての組織の充実",
            "他地域や他主体との交流連携",
        ), ("役割分担の見直し、男女共同参画の配慮",
            "地域と地域、組織と組織の連携・交流の促進",
            "専門的なアドバイスを受けるためのネットワークづくり")),
        PlanItem("3-2", "協働を進めるための場づくり", (
            "自治会等の集会施設の整備充実",
            "公の施設などの集会施設の整備充実",
            "市民やグループ・団体の活動成果の発表など意見交換の機会づくり",
        ), ("自治会活動拠点となる集会施設の整備充実",
            "市民活動に利用する市の施設の整備充実",
            "市民活動センターなどの施設の整備充実",
            "講演会、実践事例発表会などの開催",
            "子供たちが地域活動に参加する協働体験の機会づくり")),
    )),
)

PLAN_ITEMS: dict[str, PlanItem] = {item.code: item for p in PILLARS for item in p.items}
PILLAR_BY_NAME: dict[str, Pillar] = {p.name: p for p in PILLARS}
CIRCLED = "❶❷❸❹❺❻❼❽❾"


def pillar_of(item_code: str) -> Pillar:
    return next(p for p in PILLARS if p.key == item_code.split("-")[0])


def item_label(item_code: str) -> str:
    """ "人づくり・地域の人材育成" (empty for an unknown code)."""
    item = PLAN_ITEMS.get(item_code)
    return f"{pillar_of(item_code).name}・{item.name}" if item else ""


# --- grades ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grade:
    letter: str  # "A"
    meaning: str  # 十分達成
    points: int  # 4

    @property
    def label(self) -> str:
        return f"{self.letter} {self.meaning}"


GRADES: tuple[Grade, ...] = (
    Grade("A", "十分達成", 4),
    Grade("B", "概ね達成", 3),
    Grade("C", "一部達成", 2),
    Grade("D", "未達成", 1),
)
GRADE_BY_LETTER: dict[str, Grade] = {g.letter: g for g in GRADES}
UNGRADED = "未評価"  # a grade not given yet (stored "")
# EvaluationGrade.grade as the grading screen shows it (its letter and meaning) and the change history names it
GRADE_LABELS: dict[str, str] = {"": UNGRADED, **{g.letter: g.label for g in GRADES}}
_GRADE_BY_KEY: dict[str, Grade] = {**GRADE_BY_LETTER, **{str(g.points): g for g in GRADES}}
MAX_POINTS = 4


def parse_grade(text: str) -> Grade | None:
    """A grade from what staff type: A–D (any case, full-width too) or 4–1; "" = no grade."""
    key = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not key:
        return None
    grade = _GRADE_BY_KEY.get(key)
    if grade is None:
        raise ValueError(f"評価「{text}」は使えません。A・B・C・D（または 4・3・2・1）で入力してください")
    return grade


DIRECTIONS: tuple[str, ...] = ("継続", "拡充", "見直し", "休止・廃止")

# --- the default criteria (評価の視点), the plan's own wording --------------------------------

# Criterion.scope and .evidence: the stored codes and the words the 評価の視点 screen and the change
# history use for them
CRITERION_SCOPES = {"project": "事業", "body": "団体"}
CRITERION_EVIDENCE = {"": "なし", "target": "目標と実績", "cost": "予算と決算", "meetings": "会議の回数"}


@dataclass(frozen=True)
class CriterionDef:
    key: str  # stable across criteria sets, so years can be compared ("objective_1")
    group: str  # 客観的評価検証
    mark: str  # ❶
    wording: str
    scope: str  # "project" (graded per 事業) | "body" (graded once for the body)
    evidence: str = ""  # "target" | "cost" | "meetings" | "": which figures the grading screen shows

    @property
    def label(self) -> str:
        return f"{self.group} {self.mark} {self.wording}"


DEFAULT_CRITERIA: tuple[CriterionDef, ...] = (
    CriterionDef("objective_1", "客観的評価検証", "❶", "想定した事業の目標や成果が達成されたか", "project", "target"),
    CriterionDef("objective_2", "客観的評価検証", "❷", "費用に見合った成果が達成されたか", "project", "cost"),
    CriterionDef("objective_3", "客観的評価検証", "❸", "継続した話し合いがなされたか", "project", "meetings"),
    CriterionDef("improvement_1", "改善策の検討", "❶", "市民の特性がより良く発揮されているか", "project"),
    CriterionDef("improvement_2", "改善策の検討", "❷", "市民組織の創意工夫がより良く発揮されているか", "project"),
    CriterionDef("improvement_3", "改善策の検討", "❸", "行財政改革の効果が表れているか", "project"),
    CriterionDef("conduct_1", "協働の行動基準", "❶", "対等の立場で相互の役割と責任を果たすこと", "body"),
    CriterionDef("conduct_2", "協働の行動基準", "❷", "地域課題を解決するため、継続して話し合うこと", "body", "meetings"),
    CriterionDef(
        "conduct_3", "協働の行動基準", "❸",
        "地域の良さを尊重し、地域コミュニティを重視したまちづくりを推進すること", "body",
    ),
)
DEFAULT_CRITERIA_NAME = "一関市協働推進アクションプランの評価の視点"
