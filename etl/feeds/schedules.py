"""The feeds' schedule (see geo_api/jobs/periodic.py): one pull per pull feed at its expected
interval, and the warning expiry check."""
from datetime import timedelta

PERIODIC_TASKS = {
    "pull_duty_info": {"task": "etl.feeds.tasks.pull_feed", "schedule": timedelta(minutes=30),
                       "args": ["duty-info"], "description": "Pull duty info (值班信息) from the City Operations Center."},
    "pull_alarms": {"task": "etl.feeds.tasks.pull_feed", "schedule": timedelta(minutes=2),
                    "args": ["alarms"], "description": "Pull alarms (警情) from the city emergency bureau."},
    "pull_cameras": {"task": "etl.feeds.tasks.pull_feed", "schedule": timedelta(hours=1),
                     "args": ["cameras"], "description": "Pull the camera list (视频清单) from the City Operations Center."},
    "pull_weather_warnings": {"task": "etl.feeds.tasks.pull_feed", "schedule": timedelta(minutes=10),
                              "args": ["weather-warnings"],
                              "description": "Poll the latest CAP weather warning (气象预警) of the city emergency bureau."},
    "pull_warehouse_sites": {"task": "etl.feeds.tasks.pull_feed", "schedule": timedelta(hours=6),
                             "args": ["warehouse-sites"],
                             "description": "Pull warehouse sites (物资仓库库点) from the material-reserve platform."},
    "pull_warehouse_stock": {"task": "etl.feeds.tasks.pull_feed", "schedule": timedelta(hours=1),
                             "args": ["warehouse-stock"],
                             "description": "Pull warehouse stock (库存物资) from the material-reserve platform."},
    "expire_warnings": {"task": "etl.feeds.tasks.expire_warnings", "schedule": timedelta(minutes=1),
                        "description": "Warnings past their expiry time are marked expired (the wall drops them)."},
}
