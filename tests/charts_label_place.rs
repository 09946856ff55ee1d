//! The kit's label placement: which segments cross a box, and the candidate spot crossed least.

use gradient_flow_explorer::charts::kit::label_place::{
    beside_hline, crossings, label_box, least_crossed, segment_hits, HALO,
};
use gradient_flow_explorer::charts::PixelRect;
use plotters::style::text_anchor::{HPos, VPos};

fn rect(left: i32, top: i32, right: i32, bottom: i32) -> PixelRect {
    PixelRect {
        left,
        top,
        right,
        bottom,
    }
}

#[test]
fn a_segment_crosses_a_box_only_where_it_passes_through_it() {
    let r = rect(10, 10, 20, 20);
    assert!(segment_hits((0, 15), (30, 15), r), "straight through");
    assert!(segment_hits((15, 0), (15, 30), r), "vertical through");
    assert!(segment_hits((0, 0), (30, 30), r), "diagonal through");
    assert!(segment_hits((12, 12), (14, 14), r), "inside");
    assert!(!segment_hits((0, 0), (30, 5), r), "above");
    assert!(!segment_hits((0, 25), (9, 40), r), "below left");
    assert!(!segment_hits((0, 9), (9, 0), r), "past the corner");
    assert!(segment_hits((15, 15), (15, 15), r), "a lone point inside");
    let line = vec![(0, 15), (15, 15), (15, 30), (30, 30)];
    assert_eq!(crossings(r, &[line]), 2);
}

#[test]
fn the_spot_crossed_least_wins_and_the_first_free_one_ends_the_search() {
    let bounds = rect(0, 0, 100, 100);
    let spots = [
        rect(0, 0, 20, 10),
        rect(30, 0, 50, 10),
        rect(60, 0, 80, 10),
        rect(200, 0, 220, 10),
    ];
    // Two lines through the first spot, one through the second, none through the third.
    let lines = vec![
        vec![(5, -5), (5, 20)],
        vec![(10, -5), (10, 20), (40, 20), (40, -5)],
    ];
    assert_eq!(least_crossed(&spots, bounds, &lines), Some(spots[2]));
    let lines = vec![
        vec![(5, -5), (5, 20)],
        vec![(35, -5), (35, 20), (70, 20), (70, -5)],
    ];
    assert_eq!(least_crossed(&spots, bounds, &lines), Some(spots[0]));
    // A spot outside the bounds is never chosen, even free.
    assert_eq!(least_crossed(&spots[3..], bounds, &lines), None);
}

#[test]
fn spots_beside_a_line_sit_just_above_or_below_it_inside_the_plot() {
    let plot = rect(40, 20, 300, 200);
    let spots = beside_hline((60, 12), plot, 100, 5, true);
    assert!(spots.len() > 2);
    for s in &spots {
        assert!(s.left >= plot.left && s.right <= plot.right, "{s:?}");
        let above = s.bottom <= 100 && s.bottom >= 100 - 2 * HALO - 1;
        let below = s.top >= 100 && s.top <= 100 + 2 * HALO + 2;
        assert!(above || below, "{s:?}");
    }
    assert!(spots[0].bottom <= 100, "above first");
    assert_eq!(spots[0].right, plot.right - 4);
    let b = label_box((60, 12), (100, 50), HPos::Center, VPos::Center);
    assert_eq!((b.width(), b.height()), (60 + 2 * HALO, 12 + 2 * HALO));
}
