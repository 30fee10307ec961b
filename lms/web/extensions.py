"""Flask extensions, created once and bound to the app in ``create_app``."""

from flask_babel import gettext
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .i18n import N_

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("Vui lòng đăng nhập để tiếp tục.")
login_manager.localize_callback = gettext  # flashed in the reader's language
login_manager.login_message_category = "info"

csrf = CSRFProtect()

# Pages, styles and scripts go out compressed (brotli, else gzip): most learners pay for
# every kilobyte on 3G.
compress = Compress()
# Holds the counters (storage from LMS_RATELIMIT_STORAGE_URI); the login rules that use
# them live in lms/auth/throttle.py, where they can be read in one place.
limiter = Limiter(key_func=get_remote_address)
