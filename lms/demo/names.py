"""Vietnamese names and village names for demo citizens, with rough real frequencies."""

# Family names and their approximate share of the population (per mille).
FAMILY = {
    "Nguyễn": 380,
    "Trần": 110,
    "Lê": 95,
    "Phạm": 70,
    "Hoàng": 30,
    "Huỳnh": 21,
    "Phan": 45,
    "Vũ": 22,
    "Võ": 18,
    "Đặng": 21,
    "Bùi": 20,
    "Đỗ": 14,
    "Hồ": 13,
    "Ngô": 13,
    "Dương": 10,
    "Lý": 5,
    "Đinh": 6,
    "Trương": 6,
    "Lương": 3,
    "Mai": 3,
}
MIDDLE = {
    "nu": ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Minh", "Hồng"],
    "nam": ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh"],
}
GIVEN = {
    "nu": (
        "Hoa Lan Hương Mai Hồng Cúc Huệ Thảo Hằng Nga Liên Tuyết Hạnh Loan Phượng Xuân Thu"
        " Bích Dung Nhung Yến Vân Trang Linh Oanh Sen Lài Thuỷ Hiền Ngọc"
    ).split(),
    "nam": (
        "Nam Hùng Dũng Minh Tuấn Hải Sơn Thắng Bình Phúc Long Quang Toàn Thành Trung Cường"
        " Hoà Lộc Tài Đức Khoa Việt An Tâm Thịnh Hiếu Tùng Vinh Lâm Chiến"
    ).split(),
}
# Names of thôn in rural communes: places, hopes and directions people name them after.
VILLAGE_WORDS = (
    "Bình An|Phú Lộc|Tân Phú|An Hoà|Đông Yên|Tây Sơn|Trung Lương|Phước Hưng|Hoà Mỹ|Thạch Bồ"
    "|Đại La|Quế Sơn|Mỹ Thạnh|Cẩm Nam|Vĩnh Lộc|Thuận An|Hưng Mỹ|Phú Thạnh|Lạc Thành"
    "|Tiên Châu|Hà Nha|Bàu Sen|Gò Nổi|An Phước|Xuân Đài|Đồng Tân"
).split("|")
