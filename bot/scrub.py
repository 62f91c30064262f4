"""Personal details out of a question before it is written anywhere: numbers, e-mails, names."""

from __future__ import annotations

import re
import unicodedata

PHONE = "<电话>"
ID_CARD = "<身份证>"
BANK_CARD = "<银行卡>"
EMAIL = "<邮箱>"
AMOUNT = "<金额>"
NAME = "<姓名>"
NUMBER = "<号码>"
ACCOUNT = "<账号>"

# A digit, or a Chinese numeral as people spell out phone numbers (一三八……, 幺 for 1).
_D = r"[0-9〇零一二三四五六七八九幺两]"
_SEP = r"[\s\-‐‑–—_.·/]?"  # what people type between groups of digits
_G = rf"(?:{_D}{_SEP})"  # a digit and what may follow it inside a number
# A number starts and ends where no digit is next to it, even across one separator.
_START = r"(?<![0-9])(?<![0-9][\s\-‐‑–—_.·/])"
_END = r"(?![0-9])(?![\s\-‐‑–—_.·/][0-9])"

_EMAIL = re.compile(
    r"[a-z0-9._%+\-]+\s*(?:@|＠|\(at\)|\[at\]| at )\s*[a-z0-9\-]+"
    r"(?:\s*(?:\.|\(dot\)|\[dot\]| dot )\s*[a-z0-9\-]+)+",
    re.IGNORECASE,
)
# 17 digits and a check character X (or 18 digits), or the old 15-digit card.
_ID_CARD = re.compile(rf"{_START}{_G}{{17}}[0-9xX]{_END}")
# Mainland mobiles, with +86 / 0086 / 86 in front or not.
_PHONE = re.compile(rf"{_START}(?:(?:\+|00)?86{_SEP}[\s\-]*)?1{_SEP}[3-9](?:{_SEP}{_D}){{9}}{_END}")
_BANK_CARD = re.compile(rf"{_START}{_G}{{11,18}}{_D}{_END}")  # and 15-digit old ID cards
# Landlines (010-12345678) and any other long run of digits: QQ numbers, contract numbers.
_LONG_NUMBER = re.compile(rf"{_START}\+?{_G}{{5,}}{_D}{_END}")
_UNITS = r"(?:元|块钱|块|万元|万块|万|千元|千块|千|百元|rmb|人民币|k|w)"
_AMOUNT = re.compile(
    rf"(?:[¥￥$]\s*)?(?:[0-9][0-9,，.]*|[〇零一二三四五六七八九十两][〇零一二三四五六七八九十百千两]*)"
    rf"\s*{_UNITS}"
    r"|[¥￥$]\s*[0-9][0-9,.]*",
    re.IGNORECASE,
)
# Four or more digits not followed by a unit of time: an amount or a number, never a day count;
# a year (2024) and public service numbers (12378, 12315, 95588) are no one's secret.
_BARE = re.compile(
    r"(?<![0-9])(?!(?:19|20)[0-9]{2}(?![0-9,，])|(?:12|95)[0-9]{3}(?![0-9,，]))"
    r"[0-9](?:[,，]?[0-9]){3,}(?![0-9]|[,，][0-9]|\s*(?:天|日|号|个?月|年|周|星期|礼拜|期|次))"
)
_HANDLE = re.compile(
    r"(?:微信号?|vx|wx|v信|qq号?|扣扣|支付宝账?号?|抖音号?)\s*(?:是|为|:|：)?\s*"
    r"([a-z0-9_\-@.]{4,})",
    re.IGNORECASE,
)

# After these the next few characters are very likely a name.
_NAMED = re.compile(
    r"(我叫|我的名字是|我的名字叫|名字叫|名字是|本人叫|我姓|本人姓|免贵姓)\s*"
    r"([\u4e00-\u9fff]{1,3}|[a-z][a-z .'-]{1,30})",
    re.IGNORECASE,
)
# After 我是 / 本人 only when the next character is a common surname (我是学生 stays).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱严"
    "莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳欧管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓"
    "古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙"
    "荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|令狐|夏侯|宇文|司徒|端木"
_NOT_NAMES = (
    "不", "否", "个", "一", "在", "说", "想", "要", "因", "从", "被", "用", "第", "真", "学生",
    "向", "和", "于", "对", "跟", "给", "把", "为", "以", "由", "问", "怎", "什", "多",
    "借", "还", "欠", "逾期", "上班", "打工", "农民", "宝妈", "自由", "做", "开", "外卖",
    "全职", "普通", "新", "老用户", "单身", "已婚", "本人",
)
_INTRO = re.compile(
    rf"(我是|本人是?|我名叫|我姓名)\s*((?:{_COMPOUND})[\u4e00-\u9fff]{{1,2}}"
    rf"|[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}|[a-z][a-z'-]{{1,20}})",
    re.IGNORECASE,
)

# A name next to money: 欠张三<金额>, 借给李四的钱.
_OWED = re.compile(
    rf"(欠|借给?|还给?|转给?|打给|付给|向|跟|找|替|帮)\s*((?:{_COMPOUND}|[{_SURNAMES}])[\u4e00-\u9fff]{{1,2}}?)"
    rf"(?=\s*(?:{AMOUNT}|{NUMBER}|的?钱|的?款|借的|借了))"
)


def _name(match: re.Match[str]) -> str:
    lead, word = match.group(1), match.group(2)
    if word.lower().startswith(_NOT_NAMES):
        return match.group(0)
    return f"{lead}{NAME}"


def scrub(text: str) -> str:
    """`text` (full-width digits made ASCII) with personal details replaced by placeholders."""
    text = unicodedata.normalize("NFKC", text)
    text = _EMAIL.sub(EMAIL, text)
    text = _HANDLE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + ACCOUNT, text)
    text = _ID_CARD.sub(ID_CARD, text)
    text = _PHONE.sub(PHONE, text)
    text = _BANK_CARD.sub(BANK_CARD, text)
    text = _AMOUNT.sub(AMOUNT, text)
    text = _LONG_NUMBER.sub(NUMBER, text)
    text = _BARE.sub(NUMBER, text)
    text = _NAMED.sub(lambda m: f"{m.group(1)}{NAME}", text)
    text = _OWED.sub(lambda m: f"{m.group(1)}{NAME}", text)
    return _INTRO.sub(_name, text)
