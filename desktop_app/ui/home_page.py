"""ホーム: the town's figures at a glance, the first page after sign-in.

Tiles with the morning's numbers (on the register, applications waiting, registrations running
out, follow-ups due today, the quarterly return, the last backup, the counters' last sync) above
four charts. Each asks, when clicked, for the list behind it through `wanted(area, filters)`:
the main window opens that page, the registry with the filters given. The figures are read on
the worker (services/home_figures.py) each time the page is shown after something changed; Qt
Charts is imported when the first figures arrive.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.dates import format_date
from desktop_app.domain.figure_keys import FIGURES, KIND_TIERS, kind_tier_key
from desktop_app.domain.houses import HOUSE_STATUS_LABELS, HouseStatus
from desktop_app.i18n import N_, _, ngettext, translate_label
from desktop_app.services import preferences
from desktop_app.services.home_figures import EXPIRING_DAYS, HomeFigures, compute_home
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.home_tile import Tile
from desktop_app.ui.return_register import when
from desktop_app.ui.shown_refresh import ShownRefresh

# What changes a figure on the page: it is read again when next shown.
FOLLOWED = ("registrant", "involvement", "consultation", "booking", "facility", "voucher",
            "house", "return", "package", "setting")
TILES = ("register", "waiting", "expiring", "follow_ups", "return", "backup", "sync")
# Where each tile leads: (area, registry filters).
TILE_TARGETS = {
    "register": ("registry", {}),
    "waiting": ("registry", {"status": "applied"}),
    "expiring": ("registry", {"expiring_days": EXPIRING_DAYS}),
    "follow_ups": ("follow_ups", {}),
    "return": ("exchange", {}),
    "backup": ("settings", {}),
    "sync": ("exchange", {}),
}
CHARTS = ("registrations", "stays", "vouchers", "houses")
CHART_TARGETS = {"registrations": "registry", "stays": "stays", "vouchers": "vouchers",
                 "houses": "houses"}


MONTH_NAMES = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
               N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


def month_labels(keys: tuple[str, ...]) -> list[str]:
    """A chart's months ('YYYY-MM') by name; the page's note says where the 12 begin."""
    return [translate_label(MONTH_NAMES[int(key[5:]) - 1]) for key in keys]


class HomePage(QWidget):
    wanted = Signal(str, object)  # area key ("follow_ups" for that dialog), registry filters

    def __init__(self, session: Session, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.session = session
        self.today = today
        self.figures: HomeFigures | None = None
        self.style_name = "wareki"  # the office's date style, read with the figures
        self.task: BackgroundTask | None = None
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.note = QLabel()
        self.tiles = {key: Tile() for key in TILES}
        self.charts: dict = {}  # made with the first figures (home_charts)
        grid = QGridLayout()
        for index, key in enumerate(TILES):
            tile = self.tiles[key]
            tile.clicked.connect(lambda key=key: self.wanted.emit(*TILE_TARGETS[key]))
            if index == 0:  # the register, with a line per kind: two rows high
                grid.addWidget(tile, 0, 0, 2, 1)
            else:
                grid.addWidget(tile, (index - 1) // 3, 1 + (index - 1) % 3)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        self.chart_grid = QGridLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addLayout(self.chart_grid, 1)
        layout.addWidget(self.note)
        self.shown_refresh = ShownRefresh(self, FOLLOWED, self.refresh)
        self.retranslate()

    def refresh(self) -> None:
        if self.task is not None:
            self.task.cancel()
        today = self.today

        def job(worker: Session, _progress, _cancel) -> tuple[HomeFigures, str]:
            return compute_home(worker.db, today=today), preferences.date_style(worker.db)

        self.note.setText(_("Reading the figures…"))
        self.task = run_in_background(job, title=_("Reading the figures…"),
                                      session=self.session, parent=self, on_done=self._loaded,
                                      on_error=self._failed)

    def _loaded(self, loaded: tuple[HomeFigures, str]) -> None:
        self.task = None
        self.figures, self.style_name = loaded
        self._make_charts()
        self._show()

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.note.setText(error_text(error))

    def _make_charts(self) -> None:
        if self.charts:
            return
        # Qt Charts here, not at the top: see the module's docstring.
        from desktop_app.ui import home_charts

        self._chart_module = home_charts
        for index, key in enumerate(CHARTS):
            view = self.charts[key] = home_charts.ClickableChart()
            view.clicked.connect(lambda name, key=key: self._chart_clicked(key, name))
            self.chart_grid.addWidget(view, index // 2, index % 2)

    def _chart_clicked(self, key: str, name: str | None) -> None:
        filters = {}
        if key == "registrations" and name:
            kind, _sep, tier = name.partition(":")
            filters = {"kind": kind, "tier": tier or None}
        self.wanted.emit(CHART_TARGETS[key], filters)

    def _show(self) -> None:
        figures = self.figures
        if figures is None:
            return
        style = self.style_name
        self.note.setText(_("Figures as of {day}; the charts show the 12 months from {first}. "
                            "Click a figure for the list behind it.").format(
            day=format_date(figures.today, style),
            first=format_date(f"{figures.months[0]}-01", style)))
        live = sum(figures.on_register.values())
        parts = "\n".join(f"{FIGURES[kind_tier_key(kind, tier)].text()} {people:,}"
                          for kind, tier, people in self._kinds())
        texts = {
            "register": (_("On the register"), f"{live:,}", parts),
            "waiting": (_("Applications waiting for approval"),
                        f"{figures.applications_waiting:,}", ""),
            "expiring": (_("Expiring within {days} days").format(days=EXPIRING_DAYS),
                         f"{figures.expiring:,}", ""),
            "follow_ups": (_("Follow-ups due today"), f"{figures.follow_ups_due:,}", ""),
            "return": (_("Quarterly return {quarter}").format(
                quarter=figures.return_quarter.label(style)), self._return_state(), ""),
            "backup": (_("Last backup"), when(figures.last_backup["at"], style)
                       if figures.last_backup else _("None yet"), ""),
            "sync": (_("Last sync with the counters"), *self._sync_lines(style)),
        }
        for key, (label, value, detail) in texts.items():
            self.tiles[key].show_figure(label, value, detail)
        self._show_charts()

    def _kinds(self) -> list[tuple]:
        """(kind, tier, people on the register) in the return's order of kinds and tiers."""
        return [(kind, tier, self.figures.on_register.get(
            (kind.value, tier.value if tier else None), 0)) for kind, tier in KIND_TIERS]

    def _return_state(self) -> str:
        version = self.figures.return_version
        if version is None:
            return _("Not signed off")
        if version.signed_off:
            return _("Signed off (version {version})").format(version=version.version)
        return _("Re-opened: not signed off")

    def _sync_lines(self, style: str) -> tuple[str, str]:
        counters = self.figures.counters
        if not counters:
            return "—", _("No paired counter")
        lines = [_("{office}: sent {sent}, received {received}").format(
            office=counter["office"], sent=when(counter["last_export_at"], style) or "—",
            received=when(counter["last_import_at"], style) or "—") for counter in counters]
        return lines[0], "\n".join(lines[1:])

    def _show_charts(self) -> None:
        charts, figures = self._chart_module, self.figures
        months = month_labels(figures.months)
        axis = _("Month")
        charts.show_stacked(
            self.charts["registrations"], _("New registrations per month by kind"), months,
            [(f"{kind.value}:{tier.value if tier else ''}",
              FIGURES[kind_tier_key(kind, tier)].text(),
              figures.registered_by_month.get((kind.value, tier.value if tier else None),
                                              (0,) * len(months)))
             for kind, tier in KIND_TIERS], axis_title=axis)
        facilities: dict[str, list[float]] = {}
        for stay in figures.stays:
            facilities.setdefault(stay.name, []).append(stay.occupancy_percent)
        charts.show_lines(self.charts["stays"], _("Trial-stay occupancy per month"), months,
                          list(facilities.items()), axis_title=axis)
        charts.show_grouped(self.charts["vouchers"], _("Vouchers issued and redeemed"), months,
                            [("issued", _("Issued"), figures.vouchers_issued),
                             ("redeemed", _("Redeemed"), figures.vouchers_redeemed)],
                            axis_title=axis)
        statuses = [status for status in HouseStatus if status != HouseStatus.ERASED]
        charts.show_grouped(
            self.charts["houses"], ngettext("Vacant houses by status ({count} listing)",
                                            "Vacant houses by status ({count} listings)",
                                            sum(figures.houses.get(s.value, 0)
                                                for s in statuses)).format(
                count=f"{sum(figures.houses.get(s.value, 0) for s in statuses):,}"),
            [translate_label(HOUSE_STATUS_LABELS[status]) for status in statuses],
            [("houses", _("Houses"), [figures.houses.get(s.value, 0) for s in statuses])],
            horizontal=True)

    def retranslate(self) -> None:
        self.title.setText(_("Home"))
        if self.figures is None:
            for key in TILES:
                self.tiles[key].show_figure(_("Reading the figures…"), "…")
        else:
            self._show()
