"""Name tables for sample data: common Japanese family and given names with their readings.

Order is rough frequency (most common first); the generator weights by rank. A few 異体字
(髙, 﨑, 齋, 邊, 邉, 濱, 澤, 眞) and one name outside the BMP (𠮷田) are included on purpose,
so that every path a real ledger takes with such names is exercised by the demo data.
"""

from __future__ import annotations

from typing import NamedTuple


class SampleName(NamedTuple):
    written: str
    kana: str


def _table(text: str) -> tuple[SampleName, ...]:
    pairs = (item.split(":") for item in text.split())
    return tuple(SampleName(written, kana) for written, kana in pairs)


FAMILY_NAMES = _table("""
佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ 山本:ヤマモト
中村:ナカムラ 小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ
松本:マツモト 井上:イノウエ 木村:キムラ 林:ハヤシ 斎藤:サイトウ 清水:シミズ 山崎:ヤマザキ
森:モリ 池田:イケダ 橋本:ハシモト 阿部:アベ 石川:イシカワ 山下:ヤマシタ 中島:ナカジマ
石井:イシイ 小川:オガワ 前田:マエダ 岡田:オカダ 長谷川:ハセガワ 藤田:フジタ 後藤:ゴトウ
近藤:コンドウ 村上:ムラカミ 遠藤:エンドウ 青木:アオキ 坂本:サカモト 斉藤:サイトウ 福田:フクダ
太田:オオタ 西村:ニシムラ 藤井:フジイ 金子:カネコ 岡本:オカモト 藤原:フジワラ 中野:ナカノ
三浦:ミウラ 原田:ハラダ 中川:ナカガワ 松田:マツダ 竹内:タケウチ 小野:オノ 田村:タムラ
中山:ナカヤマ 和田:ワダ 石田:イシダ 森田:モリタ 上田:ウエダ 原:ハラ 内田:ウチダ 柴田:シバタ
酒井:サカイ 宮崎:ミヤザキ 横山:ヨコヤマ 高木:タカギ 安藤:アンドウ 宮本:ミヤモト 大野:オオノ
小島:コジマ 谷口:タニグチ 今井:イマイ 工藤:クドウ 高田:タカダ 増田:マスダ 丸山:マルヤマ
杉山:スギヤマ 村田:ムラタ 大塚:オオツカ 小山:コヤマ 藤本:フジモト 平野:ヒラノ 新井:アライ
河野:コウノ 上野:ウエノ 武田:タケダ 野口:ノグチ 松井:マツイ 千葉:チバ 岩崎:イワサキ
菅原:スガワラ 木下:キノシタ 久保:クボ 佐野:サノ 野村:ノムラ 松尾:マツオ 市川:イチカワ
菊地:キクチ 杉本:スギモト 古川:フルカワ 大西:オオニシ 島田:シマダ 水野:ミズノ 桜井:サクライ
高野:タカノ 渡部:ワタナベ 吉川:ヨシカワ 山内:ヤマウチ 西田:ニシダ 飯田:イイダ 菊池:キクチ
西川:ニシカワ 小松:コマツ 北村:キタムラ 安田:ヤスダ 五十嵐:イガラシ 川口:カワグチ 平田:ヒラタ
関:セキ 中田:ナカタ 久保田:クボタ 服部:ハットリ 東:ヒガシ 岩田:イワタ 土屋:ツチヤ
川崎:カワサキ 福島:フクシマ 本田:ホンダ 辻:ツジ 樋口:ヒグチ 秋山:アキヤマ 田口:タグチ
永井:ナガイ 山中:ヤマナカ 中西:ナカニシ 吉村:ヨシムラ 川上:カワカミ 大橋:オオハシ
石原:イシハラ 松岡:マツオカ 浅野:アサノ 馬場:ババ 荒木:アラキ 大久保:オオクボ 野田:ノダ
小沢:オザワ 田辺:タナベ 川村:カワムラ 星野:ホシノ 黒田:クロダ 堀:ホリ 尾崎:オザキ
望月:モチヅキ 永田:ナガタ 熊谷:クマガイ 内藤:ナイトウ 松村:マツムラ 西山:ニシヤマ
大谷:オオタニ 平井:ヒライ 大島:オオシマ 岩本:イワモト 片山:カタヤマ 本間:ホンマ 早川:ハヤカワ
横田:ヨコタ 岡崎:オカザキ 荒井:アライ 大石:オオイシ 鎌田:カマタ 成田:ナリタ 宮田:ミヤタ
小田:オダ 石橋:イシバシ 篠原:シノハラ 須藤:スドウ 河合:カワイ 大森:オオモリ 高山:タカヤマ
吉岡:ヨシオカ 萩原:ハギワラ 小池:コイケ 大川:オオカワ 佐久間:サクマ 及川:オイカワ
菅野:カンノ 我妻:ワガツマ 庄司:ショウジ 猪股:イノマタ 武山:タケヤマ 千田:チダ 遊佐:ユサ
""")

# 異体字 and a name outside the BMP, as they appear in real ledgers.
VARIANT_FAMILY_NAMES = _table("""
髙橋:タカハシ 山﨑:ヤマザキ 齋藤:サイトウ 渡邊:ワタナベ 渡邉:ワタナベ 𠮷田:ヨシダ 濱田:ハマダ
澤田:サワダ 宮﨑:ミヤザキ 柳澤:ヤナギサワ
""")

# Given names by sex and by the generation that used them: born before 1966, 1966–1990, after 1990.
MALE_NAMES = {
    "old": _table("""
清:キヨシ 茂:シゲル 博:ヒロシ 実:ミノル 勇:イサム 進:ススム 正:タダシ 勝:マサル 武:タケシ
隆:タカシ 弘:ヒロシ 昭:アキラ 和夫:カズオ 正男:マサオ 一郎:イチロウ 義雄:ヨシオ 幸雄:ユキオ
修:オサム 豊:ユタカ 秀夫:ヒデオ 健一:ケンイチ 明:アキラ 誠:マコト 浩:ヒロシ 徹:トオル
稔:ミノル 三郎:サブロウ 次郎:ジロウ 茂雄:シゲオ 正一:ショウイチ 俊夫:トシオ 孝:タカシ
功:イサオ 光男:ミツオ 信夫:ノブオ
"""),
    "mid": _table("""
誠:マコト 大輔:ダイスケ 健太:ケンタ 拓也:タクヤ 直樹:ナオキ 和也:カズヤ 達也:タツヤ
哲也:テツヤ 剛:ツヨシ 聡:サトシ 学:マナブ 浩二:コウジ 洋平:ヨウヘイ 修平:シュウヘイ
智之:トモユキ 雅人:マサト 隆之:タカユキ 秀樹:ヒデキ 健二:ケンジ 淳:ジュン 亮:リョウ
慎也:シンヤ 翔:ショウ 陽介:ヨウスケ 裕介:ユウスケ 勇気:ユウキ 健太郎:ケンタロウ 康平:コウヘイ
直人:ナオト 俊介:シュンスケ 雄一:ユウイチ 貴之:タカユキ 髙志:タカシ
"""),
    "young": _table("""
翔太:ショウタ 大翔:ヒロト 蓮:レン 悠真:ユウマ 陽翔:ハルト 湊:ミナト 颯太:ソウタ 蒼:アオイ
樹:イツキ 大和:ヤマト 悠人:ユウト 拓海:タクミ 海斗:カイト 陸:リク 颯:ハヤテ 翼:ツバサ
大輝:ダイキ 優斗:ユウト 健人:ケント 瑛太:エイタ 悠斗:ユウト 駿:シュン 隼人:ハヤト 陽太:ヨウタ
航:ワタル 涼:リョウ 直哉:ナオヤ 和真:カズマ 一輝:カズキ 朝陽:アサヒ 凛太郎:リンタロウ
智也:トモヤ 亮太:リョウタ
"""),
}

FEMALE_NAMES = {
    "old": _table("""
和子:カズコ 幸子:サチコ 節子:セツコ 洋子:ヨウコ 京子:キョウコ 恵子:ケイコ 久子:ヒサコ
美代子:ミヨコ 静子:シズコ 文子:フミコ 悦子:エツコ 千代子:チヨコ 照子:テルコ 弘子:ヒロコ
和江:カズエ 昌子:マサコ 光子:ミツコ 澄子:スミコ 道子:ミチコ 敏子:トシコ 信子:ノブコ
美智子:ミチコ 良子:ヨシコ 貞子:サダコ 八重子:ヤエコ 春江:ハルエ 初枝:ハツエ 登美子:トミコ
君子:キミコ 愛子:アイコ 栄子:エイコ 正子:マサコ
"""),
    "mid": _table("""
裕子:ユウコ 直美:ナオミ 由美子:ユミコ 真由美:マユミ 恵美:エミ 明美:アケミ 智子:トモコ
久美子:クミコ 香織:カオリ 美香:ミカ 陽子:ヨウコ 直子:ナオコ 純子:ジュンコ 恵:メグミ
麻衣:マイ 愛:アイ 彩:アヤ 舞:マイ 沙織:サオリ 美穂:ミホ 真理子:マリコ 由紀:ユキ
亜希子:アキコ 理恵:リエ 友美:トモミ 千秋:チアキ 奈美:ナミ 佳代:カヨ 瞳:ヒトミ 彩香:アヤカ
綾:アヤ 裕美:ヒロミ 眞由美:マユミ
"""),
    "young": _table("""
陽菜:ヒナ 結衣:ユイ 葵:アオイ 美咲:ミサキ さくら:サクラ 凛:リン 結菜:ユイナ 芽依:メイ
莉子:リコ 美月:ミツキ 彩花:アヤカ 七海:ナナミ 花音:カノン 杏:アン 心春:コハル 紬:ツムギ
楓:カエデ 優花:ユウカ 遥:ハルカ 真央:マオ 千尋:チヒロ 明日香:アスカ 沙也加:サヤカ
菜々子:ナナコ 琴音:コトネ 詩織:シオリ 彩乃:アヤノ 美羽:ミウ 日菜子:ヒナコ 梨花:リカ 澪:ミオ
陽葵:ヒマリ
"""),
}

GENERATIONS = ("old", "mid", "young")


def generation(birth_year: int) -> str:
    """Which generation's names fit a person born in `birth_year`."""
    if birth_year < 1966:
        return "old"
    return "mid" if birth_year <= 1990 else "young"


_ROMAJI = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
    "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo",
    "リャ": "rya", "リュ": "ryu", "リョ": "ryo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "ジャ": "ja", "ジュ": "ju", "ジョ": "jo", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
    "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo",
}
_SYLLABLES = """
a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho
ma mi mu me mo ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do
ba bi bu be bo pa pi pu pe po
"""
_ROMAJI_SINGLE = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ",
    _SYLLABLES.split(),
    strict=True,
))


def romaji(kana: str) -> str:
    """Plain Hepburn without macrons (サトウ → satou), good enough for sample e-mail addresses."""
    out: list[str] = []
    index = 0
    double_next = False
    while index < len(kana):
        pair = kana[index:index + 2]
        if pair in _ROMAJI:
            syllable, index = _ROMAJI[pair], index + 2
        elif kana[index] == "ッ":
            double_next, index = True, index + 1
            continue
        elif kana[index] == "ー":
            index += 1
            continue
        else:
            syllable, index = _ROMAJI_SINGLE.get(kana[index], ""), index + 1
        if double_next and syllable:
            syllable = syllable[0] + syllable
            double_next = False
        out.append(syllable)
    return "".join(out)
