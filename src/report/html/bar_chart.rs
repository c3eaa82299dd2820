//! A horizontal grouped bar chart in inline SVG: one group per category (an operation, a size
//! bucket, a scope of the estimate), one bar per series inside it, a value at the end of each
//! bar, and a value axis from 0 with its unit. Horizontal, so long names stay readable.

use super::markup::{Html, html, number};
use super::svg::{Frame, Key, Ticks, colour, coord, empty_note, figure, shorten};

const WIDTH: f64 = 720.0;
const LABELS: f64 = 200.0;
const RIGHT: f64 = 70.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 48.0;
const BAR: f64 = 13.0;
const BAR_GAP: f64 = 2.0;
const GROUP_GAP: f64 = 12.0;
/// Group labels longer than this are cut (the full name is in the bar titles).
const LABEL_CHARS: usize = 30;
/// Plot height when there is no group to draw.
const EMPTY_HEIGHT: f64 = 80.0;

/// One category and its value per series.
pub(super) struct Group {
    /// The category's name.
    pub label: String,
    /// One value per series, in series order.
    pub values: Vec<f64>,
}

/// A grouped bar chart.
pub(super) struct BarChart<'a> {
    /// Title, description, caption and id.
    pub frame: Frame<'a>,
    /// The value axis title, with its unit.
    pub value_label: &'a str,
    /// The unit after each value in the bar titles.
    pub unit: &'a str,
    /// Decimals of the value labels.
    pub decimals: usize,
    /// Series names, in order.
    pub series: Vec<String>,
    /// The categories.
    pub groups: Vec<Group>,
    /// Shown when there is no group.
    pub empty_note: &'a str,
}

/// The chart as a `<figure>`; the figure carries `data-bars` (bars drawn).
pub(super) fn render(chart: &BarChart<'_>) -> Html {
    let series_count = chart.series.len().max(1) as f64;
    let group_height = series_count * BAR + (series_count - 1.0) * BAR_GAP + GROUP_GAP;
    let plot_height = if chart.groups.is_empty() {
        EMPTY_HEIGHT
    } else {
        chart.groups.len() as f64 * group_height
    };
    let height = TOP + plot_height + BOTTOM;
    let plot_width = WIDTH - LABELS - RIGHT;
    let max = chart
        .groups
        .iter()
        .flat_map(|group| group.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let ticks = Ticks::covering(max, 6);
    let x_at = |value: f64| LABELS + ticks.share(value) * plot_width;
    let bottom = TOP + plot_height;

    let mut body = Html::new();
    for value in ticks.values() {
        body.push(html!(
            "<line class=\"grid\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
             <text class=\"tick\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            coord(TOP),
            coord(bottom + 4.0),
            coord(bottom + 17.0),
            ticks.label(value),
            x = coord(x_at(value)),
        ));
    }
    body.push(html!(
        "<line class=\"axis\" x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{b}\"/>\
         <line class=\"axis\" x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/>\n\
         <text class=\"axis-label\" x=\"{cx}\" y=\"{yl}\" text-anchor=\"middle\">{label}</text>\n",
        l = coord(LABELS),
        t = coord(TOP),
        b = coord(bottom),
        r = coord(WIDTH - RIGHT),
        cx = coord(LABELS + plot_width / 2.0),
        yl = coord(height - 8.0),
        label = chart.value_label,
    ));
    for (index, group) in chart.groups.iter().enumerate() {
        let middle = TOP + index as f64 * group_height + (group_height - GROUP_GAP) / 2.0;
        body.push(html!(
            "<text class=\"group-label\" x=\"{}\" y=\"{}\" dy=\"0.32em\" text-anchor=\"end\">{}<title>{}</title></text>\n",
            coord(LABELS - 8.0),
            coord(middle),
            shorten(&group.label, LABEL_CHARS),
            group.label
        ));
    }

    let mut bars = 0_usize;
    let drawn_series = if chart.groups.is_empty() {
        &[][..]
    } else {
        &chart.series[..]
    };
    for (series_index, series) in drawn_series.iter().enumerate() {
        body.push(html!(
            "<g class=\"series\" data-name=\"{}\" fill=\"{}\">",
            series,
            colour(series_index)
        ));
        for (group_index, group) in chart.groups.iter().enumerate() {
            let Some(&value) = group.values.get(series_index) else {
                continue;
            };
            let y = TOP + group_index as f64 * group_height + series_index as f64 * (BAR + BAR_GAP);
            let end = x_at(value);
            body.push(html!(
                "<rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\">\
                 <title>{group} — {series}: {shown} {unit}</title></rect>\
                 <text class=\"value\" x=\"{tx}\" y=\"{ty}\" dy=\"0.32em\">{shown}</text>",
                x = coord(LABELS),
                y = coord(y),
                w = coord(end - LABELS),
                h = coord(BAR),
                group = group.label,
                series = series,
                shown = number(value, chart.decimals),
                unit = chart.unit,
                tx = coord(end + 4.0),
                ty = coord(y + BAR / 2.0),
            ));
            bars += 1;
        }
        body.push(html!("</g>\n"));
    }
    if chart.groups.is_empty() {
        body.push(empty_note(
            LABELS + plot_width / 2.0,
            TOP + plot_height / 2.0,
            chart.empty_note,
        ));
    }
    figure(
        &chart.frame,
        html!("data-bars=\"{}\"", bars),
        (WIDTH, height),
        body,
        drawn_series,
        Key::Swatch,
    )
}
