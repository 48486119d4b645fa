"""The few words the server-rendered shells show (the client has its own i18n module)."""

STRINGS = {
    "zh": {
        "title": "长宁区应急管理一张图",
        "bureau": "长宁区应急管理局",
        "wall": "一张图",
        "command": "应急指挥",
        "editor": "图层编辑",
        "loading": "地图加载中…",
        "noscript": "本系统需要启用 JavaScript。",
        "sign_in": "登录",
        "username": "用户名",
        "password": "密码",
        "submit": "登录",
        "login_hint": "请使用单位分配的账号登录。",
        "login_error": "用户名或密码不正确，或账号已被暂时锁定。",
        "switch": "English",
        "back": "返回一张图",
    },
    "en": {
        "title": "Changning Emergency One-Map",
        "bureau": "Changning District Emergency Management Bureau",
        "wall": "Map wall",
        "command": "Command",
        "editor": "Layer editor",
        "loading": "Loading the map…",
        "noscript": "This system needs JavaScript.",
        "sign_in": "Sign in",
        "username": "User name",
        "password": "Password",
        "submit": "Sign in",
        "login_hint": "Use the account your unit gave you.",
        "login_error": "Wrong user name or password, or the account is temporarily locked.",
        "switch": "中文",
        "back": "Back to the map",
    },
}


def page_strings(lang: str) -> dict:
    return STRINGS["en" if lang == "en" else "zh"]
