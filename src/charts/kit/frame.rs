//! The frame every layer chart shares: background, the three text styles, title, legend rows,
//! the plot area beside its value labels, the layer axis under it, and the labels that name
//! runs of overflowing layers. A chart is its frame plus its own marks.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{RGBColor, ShapeStyle, TextStyle};

use super::draw_util::{
    draw_boxed_label, draw_hatch, draw_line, draw_rect, draw_swatch_label, draw_text,
    draw_text_vertical, fill, font, stroke, DrawResult, PixelRect,
};
use super::layout::LayerChartLayout;
use super::scale::{decade_label, layer_ticks};
use super::text_size::text_size;
use super::theme::Theme;

/// Space between the area's edges and the chart's content.
pub const PAD: i32 = 6;

pub struct Frame<'a, DB: DrawingBackend> {
    pub area: &'a DrawingArea<DB, Shift>,
    pub theme: &'a Theme,
    /// The area's size in pixels.
    pub width: i32,
    pub height: i32,
    pub title_style: TextStyle<'a>,
    /// Legends, captions, row names: smaller and muted.
    pub small: TextStyle<'a>,
    /// Tick labels: small, full contrast.
    pub tick_style: TextStyle<'a>,
    /// Height of a line of `small` text.
    pub line_h: i32,
    pub title_h: i32,
}

impl<'a, DB: DrawingBackend> Frame<'a, DB> {
    /// Fills `area` with the background and sets up the type.
    pub fn open(area: &'a DrawingArea<DB, Shift>, theme: &'a Theme) -> DrawResult<Self, DB> {
        area.fill(&theme.background)?;
        let (w, h) = area.dim_in_pixel();
        let title_style = font(theme, 1.0, &theme.text);
        let small = font(theme, 0.85, &theme.text_muted);
        let tick_style = font(theme, 0.85, &theme.text);
        let (_, line_h) = text_size(area, "Mg", &small);
        let (_, title_h) = text_size(area, "Mg", &title_style);
        Ok(Frame {
            area,
            theme,
            width: w as i32,
            height: h as i32,
            title_style,
            small,
            tick_style,
            line_h,
            title_h,
        })
    }

    pub fn text_width(&self, text: &str, style: &TextStyle) -> i32 {
        text_size(self.area, text, style).0
    }

    /// The title, top left; returns the y where the legend starts.
    pub fn title(&self, text: &str) -> DrawResult<i32, DB> {
        let style = &self.title_style;
        draw_text(self.area, text, (PAD, PAD), style, HPos::Left, VPos::Top)?;
        Ok(PAD + self.title_h + 4)
    }

    /// The first of `titles` (longest first) that fits the frame's width, else the last.
    pub fn title_fit(&self, titles: &[&str]) -> DrawResult<i32, DB> {
        let room = self.width - 2 * PAD;
        let fits = |t: &&&str| self.text_width(t, &self.title_style) <= room;
        let text = titles
            .iter()
            .find(fits)
            .or(titles.last())
            .map_or("", |t| *t);
        self.title(text)
    }

    /// `small` text in the frame's area.
    pub fn small_text(&self, text: &str, at: (i32, i32), h: HPos, v: VPos) -> DrawResult<(), DB> {
        draw_text(self.area, text, at, &self.small, h, v)
    }

    /// A grid line across `plot` at row `y`, labelled 10^k at its left: one tick of a
    /// log-scale value axis.
    pub fn decade_gridline(&self, plot: PixelRect, y: i32, k: i32) -> DrawResult<(), DB> {
        let grid = stroke(self.theme.grid, 1);
        draw_line(self.area, (plot.left, y), (plot.right, y), grid)?;
        let at = (plot.left - 6, y);
        draw_text(
            self.area,
            &decade_label(k),
            at,
            &self.tick_style,
            HPos::Right,
            VPos::Center,
        )
    }

    /// The plot between `top` and `bottom`: `label_w` px of value labels (and row names) to
    /// its left, `right_inset` px kept free on the right (for the last layer's number).
    pub fn plot_rect(&self, top: i32, bottom: i32, label_w: i32, right_inset: i32) -> PixelRect {
        let w = self.width;
        PixelRect {
            left: (PAD + label_w + 8).min(w - 1),
            top,
            right: (w - PAD - right_inset).max(PAD + label_w + 9).min(w),
            bottom,
        }
    }

    /// Layer numbers in a row at `row_y` under the layer slots, thinned to what fits, with
    /// the word "layer" to the left. With `tick_from`, a short tick mark joins each number to
    /// that y (the bar chart's baseline).
    pub fn layer_axis(
        &self,
        layout: &LayerChartLayout,
        row_y: i32,
        tick_from: Option<(i32, ShapeStyle)>,
    ) -> DrawResult<(), DB> {
        self.column_axis(layout, row_y, tick_from, ("layer", &|l| l))
    }

    /// The same axis over columns called `name` ("step": a recurrent network's steps), the
    /// column at slot i (1-based) numbered `number(i)` (a chart that shows every k-th step).
    pub fn column_axis(
        &self,
        layout: &LayerChartLayout,
        row_y: i32,
        tick_from: Option<(i32, ShapeStyle)>,
        (name, number): (&str, &dyn Fn(usize) -> usize),
    ) -> DrawResult<(), DB> {
        let (area, numbers) = (self.area, &self.tick_style);
        let n = layout.layers;
        let widest = text_size(area, &n.to_string(), numbers).0.max(1);
        let max_labels = (layout.plot().width() / (widest + 14)).max(2) as usize;
        for t in layer_ticks(n, max_labels) {
            let Some(cx) = layout.center_x(t) else {
                continue;
            };
            if let Some((y, style)) = tick_from {
                draw_line(area, (cx, y), (cx, y + 3), style)?;
            }
            let at = (cx, row_y);
            draw_text(
                area,
                &number(t).to_string(),
                at,
                numbers,
                HPos::Center,
                VPos::Top,
            )?;
        }
        let at = (layout.plot_left - 6, row_y);
        draw_text(area, name, at, &self.small, HPos::Right, VPos::Top)
    }

    /// The full plot height over layers `first..=last` (0-based), hatched as overflow;
    /// `None` when the layout has no such layers.
    pub fn hatch_overflow_run(
        &self,
        layout: &LayerChartLayout,
        (first, last): (usize, usize),
    ) -> DrawResult<Option<PixelRect>, DB> {
        let (Some(a), Some(b)) = (layout.bars.get(first), layout.bars.get(last)) else {
            return Ok(None);
        };
        let run = PixelRect {
            left: a.left,
            right: b.right,
            top: layout.plot_top,
            bottom: layout.plot_bottom,
        };
        draw_hatch(self.area, run, 6, self.theme.background)?;
        Ok(Some(run))
    }

    /// The style of the word "overflow" on a chart.
    pub fn overflow_style(&self) -> TextStyle<'a> {
        font(self.theme, 0.85, &self.theme.overflow)
    }
}

/// A row of legend entries that wraps to the frame's width.
pub struct Legend {
    pub x: i32,
    pub y: i32,
}

impl Legend {
    pub fn at(y: i32) -> Legend {
        Legend { x: PAD, y }
    }

    /// A swatch and its label, on the next row if it does not fit on this one; the next
    /// entry starts `gap` px after it.
    pub fn swatch<DB: DrawingBackend>(
        &mut self,
        frame: &Frame<DB>,
        (swatch, hatch): (ShapeStyle, Option<RGBColor>),
        label: &str,
        gap: i32,
    ) -> DrawResult<(), DB> {
        let need = frame.text_width(label, &frame.small) + frame.line_h + 4;
        if self.x > PAD && self.x + need > frame.width - PAD {
            self.x = PAD;
            self.y += frame.line_h + 3;
        }
        let at = (self.x, self.y);
        self.x = draw_swatch_label(frame.area, at, swatch, hatch, label, &frame.small)? + gap;
        Ok(())
    }

    /// The y below the last row, `gap` px down.
    pub fn bottom<DB: DrawingBackend>(&self, frame: &Frame<DB>, gap: i32) -> i32 {
        self.y + frame.line_h + gap
    }
}

/// Places labels left to right over a plot, each only where it clears the one before.
pub struct RunLabels {
    /// Right edge of the last label placed.
    pub last_right: i32,
}

impl RunLabels {
    pub fn new() -> RunLabels {
        RunLabels {
            last_right: i32::MIN,
        }
    }

    /// True when something starting at x = `left` clears the last label.
    pub fn clears(&self, left: i32) -> bool {
        left > self.last_right
    }

    /// "overflow" across the middle of `run` on a plain box (so the hatching does not eat it).
    pub fn boxed_overflow<DB: DrawingBackend>(
        &mut self,
        frame: &Frame<DB>,
        run: PixelRect,
    ) -> DrawResult<(), DB> {
        let centre = (run.center_x(), run.top + run.height() / 2);
        let style = frame.overflow_style();
        let bg = frame.theme.background;
        self.last_right = draw_boxed_label(frame.area, "overflow", centre, &style, bg)?.right;
        Ok(())
    }

    /// "overflow" running up the middle of a run too narrow for the word across.
    pub fn vertical_overflow<DB: DrawingBackend>(
        &mut self,
        frame: &Frame<DB>,
        run: PixelRect,
    ) -> DrawResult<(), DB> {
        let (tw, th) = text_size(frame.area, "overflow", &frame.small);
        let (cx, mid_y) = (run.center_x(), run.top + run.height() / 2);
        let bx = PixelRect {
            left: cx - th / 2 - 2,
            right: cx + th / 2 + 2,
            top: mid_y - tw / 2 - 3,
            bottom: mid_y + tw / 2 + 3,
        };
        draw_rect(frame.area, bx, fill(frame.theme.background))?;
        draw_text_vertical(frame.area, "overflow", (cx, mid_y), &frame.overflow_style())?;
        self.last_right = bx.right;
        Ok(())
    }
}

impl Default for RunLabels {
    fn default() -> Self {
        RunLabels::new()
    }
}
