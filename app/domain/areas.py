"""The eight 地域 (areas) of Ichinoseki City, in the order the city lists them."""

AREAS: tuple[str, ...] = ("一関", "花泉", "大東", "千厩", "東山", "室根", "川崎", "藤沢")
