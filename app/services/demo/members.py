"""The demo's 名簿: about 40 organisations, 60 individuals, three years of officers, four committees.

Every name is made up (place names are invented 字 names, people are random surname + given name).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.services.members.committees import CommitteeInfo, CommitteeSeat, save_committee
from app.services.members.kinds import list_member_kinds
from app.services.members.officers import Term, change_officer, list_office_posts, save_term
from app.services.members.organisations import Organisation, save_organisation
from app.services.members.people import Member, save_person
from app.storage.database import Database

if TYPE_CHECKING:
    from app.services.demo.create import DemoContext

PLACES = [
    ("上野原", "うえのはら"), ("下川原", "しもかわら"), ("中ノ沢", "なかのさわ"), ("西田", "にしだ"),
    ("東山根", "ひがしやまね"), ("北坂", "きたさか"), ("南平", "みなみだいら"), ("大清水", "おおしみず"),
    ("小松沢", "こまつざわ"), ("杉ノ下", "すぎのした"), ("柳田", "やなぎだ"), ("桜木", "さくらぎ"),
    ("梅ケ丘", "うめがおか"), ("竹ノ内", "たけのうち"), ("松川原", "まつかわら"), ("石田沢", "いしださわ"),
    ("岩ノ下", "いわのした"), ("森合", "もりあい"), ("川端", "かわばた"), ("新町", "しんまち"),
]  # fmt: skip
SURNAMES = [
    ("佐藤", "さとう"), ("菅原", "すがわら"), ("千葉", "ちば"), ("小野寺", "おのでら"), ("阿部", "あべ"),
    ("熊谷", "くまがい"), ("及川", "おいかわ"), ("鈴木", "すずき"), ("髙橋", "たかはし"), ("山﨑", "やまざき"),
    ("伊藤", "いとう"), ("吉田", "よしだ"), ("畠山", "はたけやま"), ("金野", "こんの"), ("村上", "むらかみ"),
]  # fmt: skip
GIVEN = [
    ("一郎", "いちろう"), ("和子", "かずこ"), ("健一", "けんいち"), ("幸子", "さちこ"), ("正男", "まさお"),
    ("洋子", "ようこ"), ("茂", "しげる"), ("恵美", "えみ"), ("誠", "まこと"), ("由美子", "ゆみこ"),
    ("清", "きよし"), ("直子", "なおこ"), ("博", "ひろし"), ("智子", "ともこ"), ("勝", "まさる"),
]  # fmt: skip
OTHER_ORGANISATIONS = [
    ("集落公民館組織", "上野原集落公民館", "うえのはらしゅうらくこうみんかん"),
    ("消防団", "一関市消防団見本分団", "いちのせきししょうぼうだんみほんぶんだん"),
    ("学校", "見本小学校", "みほんしょうがっこう"),
    ("学校", "見本中学校", "みほんちゅうがっこう"),
    ("幼稚園・保育所", "みほん保育園", "みほんほいくえん"),
    ("PTA", "見本小学校PTA", "みほんしょうがっこうぴーてぃーえー"),
    ("子供会育成会", "見本地区子供会育成会", "みほんちくこどもかいいくせいかい"),
    ("老人クラブ", "寿会", "ことぶきかい"),
    ("老人クラブ", "若葉クラブ", "わかばくらぶ"),
    ("体育団体", "見本体育協会", "みほんたいいくきょうかい"),
    ("体育団体", "見本スポーツ少年団", "みほんすぽーつしょうねんだん"),
    ("文化団体", "見本郷土芸能保存会", "みほんきょうどげいのうほぞんかい"),
    ("文化団体", "みほん俳句会", "みほんはいくかい"),
    ("福祉委員会", "見本地区福祉委員会", "みほんちくふくしいいんかい"),
    ("ボランティア組織", "ひだまりボランティアの会", "ひだまりぼらんてぃあのかい"),
    ("NPO", "NPO法人みほん里山ネット", "えぬぴーおーほうじんみほんさとやまねっと"),
    ("経済団体", "見本商工会", "みほんしょうこうかい"),
    ("商店街組合", "見本駅前商店会", "みほんえきまえしょうてんかい"),
    ("農家組合", "上野原農家組合", "うえのはらのうかくみあい"),
    ("民間事業者（企業）", "株式会社みほん建設", "かぶしきがいしゃみほんけんせつ"),
]
COMMITTEES = [("総務部会", "そうむぶかい"), ("生涯学習部会", "しょうがいがくしゅうぶかい"),
              ("福祉部会", "ふくしぶかい"), ("環境・安全部会", "かんきょうあんぜんぶかい")]  # fmt: skip


def _phone(ctx: DemoContext) -> str:
    return f"0191-{ctx.rng.randint(20, 79)}-{ctx.rng.randint(0, 9999):04d}"


def _address(ctx: DemoContext, place: str) -> str:
    return f"岩手県一関市見本町{place}{ctx.rng.randint(1, 300)}番地"


def members_step(db: Database, ctx: DemoContext) -> None:
    kinds = {k.name: k.id for k in list_member_kinds(db)}
    first_year = ctx.years[0]
    organisation_ids: list[int] = []
    for i, (place, reading) in enumerate(PLACES):
        kind = "自治会" if i % 3 else "民区"
        suffix, suffix_reading = ("自治会", "じちかい") if kind == "自治会" else ("民区", "みんく")
        households = ctx.rng.randint(25, 160)
        org = save_organisation(db, Organisation(
            kind_id=kinds[kind], name=f"{place}{suffix}", furigana=reading + suffix_reading,
            representative=_person_name(ctx)[0], phone=_phone(ctx), postal_code=f"029-{ctx.rng.randint(1, 999):04d}",
            address=_address(ctx, place), households=households, member_count=households * 2 + ctx.rng.randint(0, 40),
            joined_on=date(2008, 4, 1), representative_consent=i % 7 != 3,  # a few did not consent
        ))  # fmt: skip
        organisation_ids.append(_id(org.value))
    for i, (kind, name, reading) in enumerate(OTHER_ORGANISATIONS):
        joined = date(2008, 4, 1) if i % 5 else first_year.start + timedelta(days=30 * i)
        left = first_year.next().end if i == 13 else None  # one group dissolved last year
        org = save_organisation(db, Organisation(
            kind_id=kinds[kind], name=name, furigana=reading, representative=_person_name(ctx)[0],
            phone=_phone(ctx), address=_address(ctx, ctx.rng.choice(PLACES)[0]),
            member_count=ctx.rng.randint(8, 120), joined_on=joined, left_on=left,
            representative_consent=i % 7 != 3,
        ))  # fmt: skip
        organisation_ids.append(_id(org.value))

    people: list[int] = []
    used: set[str] = set()
    while len(people) < 60:
        name, reading = _person_name(ctx)
        if name in used:
            continue
        used.add(name)
        n = len(people)
        member = save_person(db, Member(
            name=name, furigana=reading, organisation_id=ctx.rng.choice(organisation_ids) if n % 3 else None,
            phone=_phone(ctx) if n % 4 else "", address=_address(ctx, ctx.rng.choice(PLACES)[0]),
            email=f"member{n + 1:02d}@example.jp" if n % 5 == 0 else "",
            joined_on=date(2015 + n % 8, 4, 1), left_on=first_year.end if n in (7, 23) else None,
            listing_consent=n % 6 != 5,
        ))  # fmt: skip
        people.append(_id(member.value))
    chairs = _officers(db, ctx, [p for i, p in enumerate(people) if i not in (7, 23)])
    _committees(db, ctx, organisation_ids, people, chairs)


def _id(saved: Organisation | Member | Term) -> int:
    assert saved.id is not None  # the service stored it and gave it its id
    return saved.id


def _person_name(ctx: DemoContext) -> tuple[str, str]:
    (family, family_r), (given, given_r) = ctx.rng.choice(SURNAMES), ctx.rng.choice(GIVEN)
    return f"{family} {given}", f"{family_r} {given_r}"


def _officers(db: Database, ctx: DemoContext, people: list[int]) -> list[int]:
    """Officers elected for two years; the 総会 in April of the middle year changes some of them.
    Returns the 部会長 (one per committee)."""
    posts = {p.name: p.id for p in list_office_posts(db)}
    start = ctx.years[0].start
    seats = [("会長", 1), ("副会長", 2), ("事務局長", 1), ("会計", 1), ("監事", 2), ("理事", 4)]
    pool = iter(people)
    terms = []
    for post, count in seats:
        for _ in range(count):
            terms.append(save_term(db, Term(post_id=posts[post], person_id=next(pool), start_on=start)).value)
    change_day = ctx.years[1].start  # April: successors start, the old terms end on 31 March
    for term in terms:
        if term.post_name == "会長" or (
            term.post_name in ("会計", "監事", "理事") and ctx.rng.random() < 0.5
        ):
            change_officer(db, _id(term), next(pool), change_day)
    chairs = [next(pool) for _ in COMMITTEES]
    for chair, (name, _reading) in zip(chairs, COMMITTEES, strict=True):
        save_term(db, Term(post_id=posts["部会長"], person_id=chair, start_on=start, note=name))
    return chairs


def _committees(
    db: Database, ctx: DemoContext, organisations: list[int], people: list[int], chairs: list[int]
) -> None:
    for chair, (name, reading) in zip(chairs, COMMITTEES, strict=True):
        seats = [CommitteeSeat(organisation_id=o) for o in ctx.rng.sample(organisations, 5)]
        seats += [CommitteeSeat(person_id=p) for p in ctx.rng.sample(people, 4)]
        save_committee(db, CommitteeInfo(name=name, furigana=reading, chair_id=chair, seats=tuple(seats)))
