//! Effort and the wave plan: migration-list rows grouped in list order, `sites_per_wave` to a
//! wave, and person-days from the per-row and per-wave settings:
//! `(rows × effort_per_site_hours + waves × effort_per_wave_hours) / hours_per_person_day`.

use crate::inputs::migration_list::MigrationList;
use crate::scenario::EstimateSettings;

use super::types::{Effort, Projection, Wave};

/// The row indexes of each wave, in list order.
pub(super) fn wave_rows(rows: usize, sites_per_wave: u32) -> Vec<Vec<usize>> {
    let size = (sites_per_wave as usize).max(1);
    (0..rows)
        .collect::<Vec<_>>()
        .chunks(size)
        .map(<[usize]>::to_vec)
        .collect()
}

/// Person-days and the waves with their projections (`projections[i]` is wave `i`'s).
pub(super) fn effort(
    list: &MigrationList,
    waves: &[Vec<usize>],
    projections: &[Projection],
    settings: &EstimateSettings,
) -> Effort {
    let site_hours = list.rows.len() as f64 * settings.effort_per_site_hours;
    let wave_hours = waves.len() as f64 * settings.effort_per_wave_hours;
    let person_days = if settings.hours_per_person_day > 0.0 {
        (site_hours + wave_hours) / settings.hours_per_person_day
    } else {
        0.0
    };
    let waves = waves
        .iter()
        .zip(projections)
        .enumerate()
        .map(|(index, (rows, projection))| Wave {
            number: index as u32 + 1,
            sites: rows.iter().map(|&r| list.rows[r].site.clone()).collect(),
            items: rows.iter().map(|&r| list.rows[r].items).sum(),
            bytes: rows.iter().map(|&r| list.rows[r].bytes).sum(),
            projection: *projection,
        })
        .collect();
    Effort {
        person_days,
        site_hours,
        wave_hours,
        waves,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_grouped_in_order() {
        assert_eq!(wave_rows(7, 3), vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        assert!(wave_rows(0, 3).is_empty());
        assert_eq!(wave_rows(2, 0), vec![vec![0], vec![1]]);
    }

    #[test]
    fn person_days_count_rows_and_waves() {
        let text = "site,workload,items,bytes,owner,destination,status\n\
                    A,files,1,1,o,,unmapped\nB,files,1,1,o,,unmapped\nC,files,1,1,o,,unmapped\n";
        let list =
            crate::inputs::migration_list::parse(std::path::Path::new("l.csv"), text.as_bytes())
                .expect("valid");
        let settings = EstimateSettings {
            effort_per_site_hours: 5.0,
            effort_per_wave_hours: 7.5,
            sites_per_wave: 2,
            hours_per_person_day: 7.5,
            ..EstimateSettings::default()
        };
        let waves = wave_rows(3, 2);
        let effort = effort(&list, &waves, &[Projection::default(); 2], &settings);
        // 3 × 5 h + 2 × 7.5 h = 30 h = 4 person-days.
        assert!((effort.person_days - 4.0).abs() < 1e-12);
        assert_eq!(effort.waves.len(), 2);
        assert_eq!(effort.waves[1].sites, vec!["C".to_string()]);
        assert_eq!(effort.waves[0].items, 2);
    }
}
