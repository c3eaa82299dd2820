//! A line chart in inline SVG: one `<polyline>` per series over shared linear axes from 0,
//! with point markers when a series is short (so a single point still shows), grid lines,
//! tick labels and axis titles with their units.

use super::markup::{Html, html};
use super::svg::{Frame, Key, Ticks, colour, coord, dash, empty_note, figure};

/// Series with at most this many points also get a marker per point.
const MARKERS_UP_TO: usize = 30;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 52.0;

/// One series: `(x, y)` points in x order.
pub(super) struct Line {
    /// Legend name.
    pub name: String,
    /// The points.
    pub points: Vec<(f64, f64)>,
}

/// A line chart.
pub(super) struct LineChart<'a> {
    /// Title, description, caption and id.
    pub frame: Frame<'a>,
    /// The x axis title, with its unit.
    pub x_label: &'a str,
    /// The y axis title, with its unit.
    pub y_label: &'a str,
    /// The series.
    pub lines: Vec<Line>,
    /// Shown in the plot when there is no point at all.
    pub empty_note: &'a str,
}

/// The chart as a `<figure>`; the figure carries `data-points` (all points drawn).
pub(super) fn render(chart: &LineChart<'_>) -> Html {
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let all = || chart.lines.iter().flat_map(|line| line.points.iter());
    let x_ticks = Ticks::covering(all().map(|p| finite(p.0)).fold(0.0, f64::max), 8);
    let y_ticks = Ticks::covering(all().map(|p| finite(p.1)).fold(0.0, f64::max), 5);
    let x_at = |x: f64| LEFT + x_ticks.share(x) * plot_width;
    let y_at = |y: f64| TOP + plot_height - y_ticks.share(y) * plot_height;

    let mut body = Html::new();
    for value in y_ticks.values() {
        body.push(html!(
            "<line class=\"grid\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>\
             <text class=\"tick\" x=\"{}\" y=\"{y}\" dy=\"0.32em\" text-anchor=\"end\">{}</text>\n",
            coord(LEFT),
            coord(WIDTH - RIGHT),
            coord(LEFT - 6.0),
            y_ticks.label(value),
            y = coord(y_at(value)),
        ));
    }
    for value in x_ticks.values() {
        body.push(html!(
            "<line class=\"tick-mark\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
             <text class=\"tick\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            coord(TOP + plot_height),
            coord(TOP + plot_height + 5.0),
            coord(TOP + plot_height + 18.0),
            x_ticks.label(value),
            x = coord(x_at(value)),
        ));
    }
    body.push(html!(
        "<line class=\"axis\" x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{b}\"/>\
         <line class=\"axis\" x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/>\n\
         <text class=\"axis-label\" x=\"{cx}\" y=\"{xl}\" text-anchor=\"middle\">{x_label}</text>\n\
         <text class=\"axis-label\" transform=\"translate(16 {cy}) rotate(-90)\" text-anchor=\"middle\">{y_label}</text>\n",
        l = coord(LEFT),
        t = coord(TOP),
        b = coord(TOP + plot_height),
        r = coord(WIDTH - RIGHT),
        cx = coord(LEFT + plot_width / 2.0),
        xl = coord(HEIGHT - 10.0),
        cy = coord(TOP + plot_height / 2.0),
        x_label = chart.x_label,
        y_label = chart.y_label,
    ));

    let mut points_drawn = 0_usize;
    for (index, line) in chart.lines.iter().enumerate() {
        let points: Vec<(Html, Html)> = line
            .points
            .iter()
            .map(|&(x, y)| (coord(x_at(x)), coord(y_at(y))))
            .collect();
        points_drawn += points.len();
        let polyline = Html::join(
            points.iter().map(|(x, y)| html!("{},{}", x, y)),
            &html!(" "),
        );
        body.push(html!(
            "<g class=\"series\" data-name=\"{name}\"><title>{name}</title>\
             <polyline class=\"line\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" \
             stroke-dasharray=\"{dash}\" points=\"{points}\"/>",
            name = line.name,
            colour = colour(index),
            dash = dash(index),
            points = polyline,
        ));
        if line.points.len() <= MARKERS_UP_TO {
            for (x, y) in &points {
                body.push(html!(
                    "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"/>",
                    x,
                    y,
                    colour(index)
                ));
            }
        }
        body.push(html!("</g>\n"));
    }
    if points_drawn == 0 {
        body.push(empty_note(
            LEFT + plot_width / 2.0,
            TOP + plot_height / 2.0,
            chart.empty_note,
        ));
    }

    let legend: Vec<String> = chart.lines.iter().map(|line| line.name.clone()).collect();
    figure(
        &chart.frame,
        html!("data-points=\"{}\"", points_drawn),
        (WIDTH, HEIGHT),
        body,
        &legend,
        Key::Line,
    )
}
