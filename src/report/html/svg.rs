//! What every inline SVG chart shares: the `<figure>` around it with its accessible title and
//! description, the legend, the colours and dash patterns (colour-blind safe, and still apart
//! when printed in grey), "nice" axis ticks, and coordinates that are always finite numbers.

use super::markup::{Html, finite, html, number};

/// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000",
];

/// Dash patterns for lines, so series stay apart in a black-and-white print.
const DASHES: [&str; 5] = ["none", "7 3", "2 3", "9 3 2 3", "1 2"];

/// The colour of series `index`.
pub(super) fn colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// The dash pattern of line series `index`.
pub(super) fn dash(index: usize) -> &'static str {
    DASHES[index % DASHES.len()]
}

/// A coordinate or length for an SVG attribute: one decimal, and 0 for anything not finite,
/// so no `NaN` or `inf` ever reaches the markup.
pub(super) fn coord(value: f64) -> Html {
    finite(value, 1, "0")
}

/// An axis from 0 to a round maximum in round steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Ticks {
    /// The axis maximum (a whole number of steps, > 0).
    pub max: f64,
    /// The step between ticks (> 0).
    pub step: f64,
}

/// Most ticks an axis draws.
const MAX_TICKS: usize = 20;

impl Ticks {
    /// Ticks covering `0..=data_max` in about `wanted` steps of 1, 2 or 5 × 10ⁿ. An empty or
    /// non-finite maximum gives the axis 0–1.
    pub(super) fn covering(data_max: f64, wanted: usize) -> Ticks {
        let data_max = if data_max.is_finite() && data_max > 0.0 {
            data_max
        } else {
            1.0
        };
        let raw_step = data_max / wanted.max(1) as f64;
        let magnitude = 10f64.powf(raw_step.log10().floor());
        let step = match raw_step / magnitude {
            r if r <= 1.0 => magnitude,
            r if r <= 2.0 => 2.0 * magnitude,
            r if r <= 5.0 => 5.0 * magnitude,
            _ => 10.0 * magnitude,
        };
        if !(step.is_finite() && step > 0.0) {
            return Ticks {
                max: 1.0,
                step: 0.5,
            };
        }
        let max = (data_max / step).ceil() * step;
        if !max.is_finite() {
            return Ticks {
                max: data_max,
                step: data_max / 2.0,
            };
        }
        Ticks { max, step }
    }

    /// The tick values, 0 first.
    pub(super) fn values(self) -> Vec<f64> {
        let count = ((self.max / self.step).round() as usize).min(MAX_TICKS);
        (0..=count).map(|i| i as f64 * self.step).collect()
    }

    /// `value` (clamped into the axis) as a share of its length, 0–1.
    pub(super) fn share(self, value: f64) -> f64 {
        if value.is_finite() {
            (value / self.max).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// A tick label: as many decimals as the step needs.
    pub(super) fn label(self, value: f64) -> Html {
        let decimals = if self.step >= 1.0 {
            0
        } else {
            (-self.step.log10()).ceil().clamp(0.0, 6.0) as usize
        };
        number(value, decimals)
    }
}

/// What a chart is, for readers and for screen readers.
pub(super) struct Frame<'a> {
    /// The figure's `id` (stable: tests and links use it).
    pub id: &'a str,
    /// Short title (the SVG `<title>` and the caption's lead).
    pub title: &'a str,
    /// What the chart shows, in words (the SVG `<desc>`).
    pub description: String,
    /// The caption after the title: source and method.
    pub caption: String,
}

/// How a legend entry draws its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    /// A line with the series' dash pattern.
    Line,
    /// A filled square.
    Swatch,
}

/// Wraps an SVG body into the figure: caption, `<svg role="img">` with `<title>`/`<desc>`,
/// then the legend. `data` is extra `data-*` attributes for the figure.
pub(super) fn figure(
    frame: &Frame<'_>,
    data: Html,
    (width, height): (f64, f64),
    body: Html,
    legend: &[String],
    key: Key,
) -> Html {
    let mut html = html!(
        "<figure class=\"chart\" id=\"{id}\" data-series=\"{series}\" {data}>\n\
         <figcaption><strong>{title}.</strong> {caption}</figcaption>\n\
         <svg class=\"plot\" role=\"img\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{description}</desc>\n\
         {body}</svg>\n",
        id = frame.id,
        series = legend.len(),
        data = data,
        title = frame.title,
        caption = frame.caption,
        description = frame.description,
        w = coord(width),
        h = coord(height),
        body = body,
    );
    if !legend.is_empty() {
        html.push(html!("<ul class=\"legend\">"));
        for (index, name) in legend.iter().enumerate() {
            let swatch = match key {
                Key::Line => html!(
                    "<line x1=\"1\" y1=\"6\" x2=\"23\" y2=\"6\" stroke=\"{}\" stroke-width=\"3\" stroke-dasharray=\"{}\"/>",
                    colour(index),
                    dash(index)
                ),
                Key::Swatch => html!(
                    "<rect x=\"6\" y=\"1\" width=\"10\" height=\"10\" fill=\"{}\"/>",
                    colour(index)
                ),
            };
            html.push(html!(
                "<li><svg class=\"key\" width=\"24\" height=\"12\" aria-hidden=\"true\">{}</svg>{}</li>",
                swatch,
                name
            ));
        }
        html.push(html!("</ul>\n"));
    }
    html.push(html!("</figure>\n"));
    html
}

/// A note drawn in the middle of an empty plot area.
pub(super) fn empty_note(x: f64, y: f64, note: &str) -> Html {
    html!(
        "<text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
        coord(x),
        coord(y),
        note
    )
}

/// `text` cut to `max` characters with an ellipsis.
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        let ticks = Ticks::covering(87.0, 5);
        assert_eq!(
            ticks,
            Ticks {
                max: 100.0,
                step: 20.0
            }
        );
        assert_eq!(ticks.values(), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let small = Ticks::covering(0.034, 5);
        assert!(small.max >= 0.034 && small.max <= 0.05, "{small:?}");
        assert_eq!(small.label(0.01).as_str(), "0.01");
    }

    #[test]
    fn empty_and_non_finite_data_give_a_unit_axis() {
        for max in [0.0, -3.0, f64::NAN, f64::INFINITY] {
            let ticks = Ticks::covering(max, 5);
            assert_eq!(ticks.max, 1.0, "{max}");
            assert!(ticks.share(f64::NAN) == 0.0);
        }
        assert_eq!(coord(f64::NAN).as_str(), "0");
        assert_eq!(coord(f64::NEG_INFINITY).as_str(), "0");
        assert_eq!(coord(2.25).as_str(), "2.2");
    }

    #[test]
    fn huge_values_keep_a_bounded_number_of_ticks() {
        let ticks = Ticks::covering(f64::MAX, 5);
        assert!(ticks.values().len() <= MAX_TICKS + 1);
        assert!(ticks.values().iter().all(|v| v.is_finite()));
    }
}
