package com.brandpulse.report;

/**
 * The weekly report's style sheet, inlined in the page so that the page is one self-contained file
 * (no network, no files beside it): a mail attachment or a file share shows it as it was rendered.
 */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS =
      """
      :root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f4f6fa;--card:#fff;--good:#15803d;--bad:#b91c1c;
        --accent:#1d4ed8}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 "Inter","Segoe UI",Roboto,"Noto Sans",
        "Noto Sans CJK KR","DejaVu Sans",Helvetica,Arial,sans-serif}
      .wrap{max-width:1180px;margin:0 auto;padding:0 28px}
      header.top{background:linear-gradient(120deg,#0b1730,#1e3a8a);color:#fff;padding:26px 0 22px}
      .eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:11px;opacity:.75}
      h1{font-size:30px;margin:4px 0 2px;font-weight:700}
      .range{font-size:16px;opacity:.95}.zone{font-size:12px;opacity:.7;margin-left:6px}
      .meta{font-size:12px;opacity:.7;margin-top:4px}
      .brands{margin-top:14px;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
      .brands .lbl{font-size:11px;text-transform:uppercase;letter-spacing:.08em;opacity:.7;margin:0 4px 0 8px}
      .brands .lbl:first-child{margin-left:0}
      .chip{display:inline-flex;align-items:center;gap:6px;background:rgba(255,255,255,.12);border-radius:999px;
        padding:3px 10px;font-size:12.5px}
      .chip.own{background:#fff;color:var(--ink);font-weight:600}
      .chip i,.dot,.legend i{display:inline-block;width:9px;height:9px;border-radius:50%}
      .dot{margin-right:7px;vertical-align:1px}
      h1 .partial{font-size:14px;font-weight:600;vertical-align:middle;background:#fef3c7;color:#78350f;border-radius:6px;padding:2px 8px}
      .warn{margin-top:12px;background:#fef3c7;color:#78350f;border-radius:6px;padding:6px 10px;font-size:12.5px}
      nav{background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}
      nav .wrap{display:flex;gap:18px;overflow-x:auto}
      nav a{color:var(--muted);text-decoration:none;font-size:13px;padding:10px 0;white-space:nowrap}
      nav a:hover{color:var(--accent)}
      section{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:22px 0;padding:20px 24px}
      h2{font-size:19px;margin:0 0 2px}
      .intro{color:var(--muted);margin:0 0 14px;font-size:13px}
      h3{font-size:15px;margin:18px 0 10px;display:flex;align-items:center;flex-wrap:wrap}
      h3 .sub,h4 .sub{font-weight:400;color:var(--muted);font-size:12.5px;margin-left:8px}
      h4{font-size:14px;margin:14px 0 8px}
      .brand-block+.brand-block{border-top:1px dashed var(--line);margin-top:16px}
      .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(138px,1fr));gap:10px}
      .tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fbfcfe}
      .tile .k{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
      .tile .v{font-size:22px;white-space:nowrap;font-weight:700;margin:2px 0;font-variant-numeric:tabular-nums}
      .d{font-size:12.5px;font-weight:600;font-variant-numeric:tabular-nums}
      .d .vs{font-weight:400;color:var(--muted)}
      .up,.down{color:#334155}.good{color:var(--good)}.bad{color:var(--bad)}.flat{color:var(--muted);font-weight:400}
      .na{color:var(--muted);font-weight:400}
      .src{font-size:10.5px;color:#94a3b8;margin-top:4px;overflow-wrap:break-word}
      .byplatform{font-size:12.5px;color:#334155;margin-top:10px}
      .grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(430px,1fr));gap:14px}
      figure.card{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px 14px 10px;background:#fff}
      figcaption{font-weight:600;font-size:13px;margin-bottom:6px}
      svg.chart{width:100%;height:auto;display:block}
      svg .tick{font-size:11px;fill:#64748b}svg .label{font-size:12px;fill:#334155}
      svg .value{font-size:12px;fill:#0f172a;font-weight:600}
      .legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:#334155;margin-top:4px}
      .legend i{margin-right:5px}
      .empty{background:#f8fafc;border:1px dashed #cbd5e1;border-radius:8px;padding:14px;color:#475569;margin:6px 0}
      .note{color:var(--muted);font-size:12.5px}
      table.data{width:100%;border-collapse:collapse;margin-top:12px;font-size:13px;font-variant-numeric:tabular-nums}
      table.data th{text-align:left;font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
        border-bottom:1px solid var(--line);padding:6px 8px;font-weight:600}
      table.data td{border-bottom:1px solid #f1f5f9;padding:6px 8px}
      .tag{display:inline-block;font-size:10.5px;font-weight:600;background:#eef2ff;color:#3730a3;border-radius:4px;
        padding:1px 6px;vertical-align:1px}
      .mono{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
      .themes{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:12px;margin-top:12px}
      .theme{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fbfcfe}
      .theme h4{margin:2px 0 4px}.rank{color:var(--muted);font-weight:600}
      .tmeta{font-size:12.5px;color:#334155;margin-bottom:6px}
      blockquote.post{margin:8px 0;padding:8px 12px;background:#fff;border-left:3px solid #cbd5e1;border-radius:0 6px 6px 0;
        font-size:13px;overflow-wrap:anywhere}
      blockquote.post p{margin:0 0 4px;white-space:pre-wrap}
      blockquote.post footer{font-size:11px;color:var(--muted)}
      blockquote.crisis{border-left-color:#f87171}
      .signals{display:grid;gap:14px;margin-top:14px}
      .signal{border:1px solid var(--line);border-left:5px solid #94a3b8;border-radius:8px;padding:12px 16px}
      .signal.sev-high{border-left-color:#dc2626}.signal.sev-medium{border-left-color:#f59e0b}
      .signal.sev-low{border-left-color:#3b82f6}
      .shead{display:flex;align-items:center;gap:10px}.shead h4{margin:0;flex:1}
      .sev{text-transform:uppercase;font-size:11px;font-weight:700;letter-spacing:.06em;border-radius:4px;padding:2px 8px;
        background:#e2e8f0;color:#334155}
      .sev-high .sev{background:#fee2e2;color:#991b1b}.sev-medium .sev{background:#fef3c7;color:#92400e}
      .sev-low .sev{background:#dbeafe;color:#1e40af}
      .status{font-size:12px;color:var(--muted)}
      .sgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px;margin:10px 0 4px}
      .sgrid .k,.drivers .k{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
      .sv{font-size:17px;font-weight:700;font-variant-numeric:tabular-nums}.sv .vs{font-size:12px;color:var(--muted);font-weight:400}
      .sd{font-size:12px;color:#475569}
      .drivers{margin:10px 0 6px;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
      .driver{font-size:12px;background:#f1f5f9;border-radius:999px;padding:2px 10px}
      .driver em{color:var(--muted);font-style:normal}.lift{color:var(--bad);font-weight:600}
      footer#sources{background:#fff;border-top:1px solid var(--line);margin-top:28px;padding:18px 0 30px;font-size:12.5px;
        color:#334155}
      footer#sources h2{font-size:16px}
      .legend-table{margin:12px 0}.legend-table h3{margin:8px 0 2px}.grain{color:var(--muted);margin:0 0 6px}
      dl{display:grid;grid-template-columns:minmax(180px,max-content) 1fr;gap:2px 14px;margin:0}
      dd{margin:0;color:#475569}
      .fine{color:#94a3b8;font-size:11px;margin-top:18px}
      @media print{nav{display:none}section{break-inside:avoid-page}body{background:#fff}}
      """;
}
