"""The Membership Monitoring Report's wording in Vietnamese and English.

Section titles follow what UNESCO's guidelines are known to ask (docs/sources.md): general
information, the city's part in the Network's meetings, initiatives at local and international
level, and an action plan for the next four years.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Báo cáo giám sát tư cách thành viên",
        "GENERAL": "Thông tin chung",
        "GLOBAL_MANAGEMENT": "Đóng góp vào công tác quản lý chung của Mạng lưới: hội nghị và cuộc họp",
        "LOCAL_INITIATIVES": "Các sáng kiến chính cấp địa phương",
        "INTERNATIONAL_INITIATIVES": "Các sáng kiến chính cấp quốc tế",
        "ACTION_PLAN": "Đề xuất kế hoạch hành động bốn năm tới",
        "period": "Kỳ báo cáo", "due_year": "Năm phải nộp báo cáo", "sources": "Nguồn", "nothing": "Chưa có dữ liệu được ghi nhận",
        "field": "Lĩnh vực sáng tạo", "designated": "Năm gia nhập", "plan": "Kế hoạch", "task": "Nhiệm vụ", "due": "hạn",
        "responsible": "Cơ quan chịu trách nhiệm", "no_lead": "chưa có cơ quan chủ trì được ghi nhận trong kỳ",
        "partner": "Đối tác", "event": "Sự kiện", "venue": "địa điểm", "results": "Kết quả", "latest": "Báo cáo tiến độ mới nhất", "none": "chưa ghi nhận",
        "continue": "Tiếp tục", "overdue": "Báo cáo quá hạn", "status": "Trạng thái", "since": "từ",
        "took_part": "Tham gia", "held_with_unesco": "Tổ chức cùng UNESCO", "partnerships": "Quan hệ hợp tác",
        "next_term": "Giai đoạn của kế hoạch",
        "CRAFTS_AND_FOLK_ART": "Thủ công và Nghệ thuật dân gian", "DESIGN": "Thiết kế", "FILM": "Điện ảnh",
        "GASTRONOMY": "Ẩm thực", "LITERATURE": "Văn học", "MEDIA_ARTS": "Nghệ thuật truyền thông", "MUSIC": "Âm nhạc",
        "ARCHITECTURE": "Kiến trúc", "PLANNED": "đã lên kế hoạch", "IN_PROGRESS": "đang thực hiện", "DONE": "hoàn thành",
        "CANCELLED": "đã hủy",
        "LEAD": "chủ trì", "CO_LEAD": "đồng chủ trì", "DIRECT": "chỉ đạo", "COORDINATE": "phối hợp", "SUPPORT": "hỗ trợ",
        "PARTNER": "đối tác", "SPONSOR": "tài trợ", "BROADCAST": "phát sóng", "SIGNATORY": "ký kết hợp tác",
        "PARTICIPATES_IN": "tham gia", "SUPPORTS": "hỗ trợ", "PARTNERS_WITH": "hợp tác",
    },
    "en": {
        "title": "Membership Monitoring Report",
        "GENERAL": "General information",
        "GLOBAL_MANAGEMENT": "Contribution to the Network's global management: conferences and meetings",
        "LOCAL_INITIATIVES": "Major initiatives at local level",
        "INTERNATIONAL_INITIATIVES": "Major initiatives at international level",
        "ACTION_PLAN": "Proposed action plan for the next four years",
        "period": "Reporting period", "due_year": "Report due in", "sources": "Sources", "nothing": "Nothing recorded yet",
        "field": "Creative field", "designated": "Designated", "plan": "Plan", "task": "Task", "due": "due",
        "responsible": "Responsible", "no_lead": "no lead agency recorded in the period",
        "partner": "Partner", "event": "Event", "venue": "venues", "results": "Results", "latest": "Latest progress report", "none": "not recorded",
        "continue": "Continue", "overdue": "Overdue reports", "status": "Status", "since": "since",
        "took_part": "Took part in", "held_with_unesco": "Held with UNESCO", "partnerships": "Partnerships",
        "next_term": "Period of the plan",
        "CRAFTS_AND_FOLK_ART": "Crafts and Folk Art", "DESIGN": "Design", "FILM": "Film", "GASTRONOMY": "Gastronomy",
        "LITERATURE": "Literature", "MEDIA_ARTS": "Media Arts", "MUSIC": "Music", "ARCHITECTURE": "Architecture",
        "PLANNED": "planned", "IN_PROGRESS": "in progress", "DONE": "done", "CANCELLED": "cancelled",
        "LEAD": "lead", "CO_LEAD": "co-lead", "DIRECT": "directs", "COORDINATE": "coordinates", "SUPPORT": "supports",
        "PARTNER": "partner", "SPONSOR": "sponsor", "BROADCAST": "broadcaster", "SIGNATORY": "signatory",
        "PARTICIPATES_IN": "takes part", "SUPPORTS": "supports", "PARTNERS_WITH": "partner",
    },
}
