/**
 * Standard figures of a results report as SVG strings (pure string building): swimmer plot, platelet
 * spaghetti plot (log axis, 30 / 100 lines), Kaplan-Meier DoR with censor ticks and number at risk, CAR-T
 * expansion, B cells over time, waterfall of best platelet change. Okabe-Ito palette; labels en / zh-CN.
 * Source: domain/statistics.md §3-§4; domain/regimen-and-dosing.md §7-§8.
 */
export * from './svg.js'
export * from './labels.js'
export * from './swimmer-plot.js'
export * from './platelet-spaghetti.js'
export * from './km-plot.js'
export * from './car-expansion-plot.js'
export * from './b-cell-plot.js'
export * from './waterfall-plot.js'
export * from './report-figures.js'
export * from './xml.js'
