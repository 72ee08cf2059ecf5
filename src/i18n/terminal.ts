/**
 * The terminal's messages: the os2-sync CLI (`cli.*`), its argument errors (`args.*`), Redis reachability
 * (`redis.*`), the portfolio table and one-line roll-up of `npm start` (`table.*`) and `npm start` itself
 * (`start.*`). Part of the one catalogue (src/i18n/index.ts). The CLI speaks Danish unless `OS2_SYNC_LANG=en`;
 * its Danish lines keep a short English gloss in parentheses for operators who read no Danish, as before.
 */
export const terminalDa = {
  // --- os2-sync: commands (cli.ts) ---
  'cli.cmd.run.summary': 'kør tjenesten (HTTP, workers, planlagt synkronisering) til SIGTERM/SIGINT',
  'cli.cmd.run.details':
    'Starter HTTP-serveren (porteføljesiden, /healthz, /readyz, /metrics), en worker pr. kilde-site og\n' +
    'porteføljens worker, og den planlagte fulde synkronisering (schedules.reconcile). Stopper pænt på\n' +
    'SIGTERM/SIGINT: tager ikke flere jobs, lader de igangværende blive færdige.',
  'cli.cmd.sync.args': '<site> <projekt>',
  'cli.cmd.sync.summary': "synkronisér ét produkt nu (projektnøgle eller id) og udskriv roll-up'en",
  'cli.cmd.sync.details':
    'Læser produktets governance-spejl og stemmer på <site>, skriver porteføljesagen og udskriver\n' +
    "roll-up'en (--json: én JSON-linje). Vises bagefter i `os2-sync status`.",
  'cli.cmd.reconcile.args': '[site]',
  'cli.cmd.reconcile.summary': 'sæt en fuld synkronisering i kø for ét site eller alle',
  'cli.cmd.reconcile.details':
    'Lægger et reconcile-job i køen for <site> (uden: alle kilde-sites). Jobbet udføres af en kørende\n' +
    '`os2-sync run`; kører ingen, siger kommandoen det.',
  'cli.cmd.status.summary': 'køer, fejlede jobs og seneste synkronisering pr. produkt',
  'cli.cmd.status.details':
    'Køernes tal, de fejlede jobs med fejlen og seneste synkronisering pr. produkt (--json: én linje).\n' +
    '--kræver-opmærksomhed (eller --attention): kun de produkter, der kræver opmærksomhed (rød status,\n' +
    'prognose over budget, spejl ikke verificeret, regelbrud, statusrapport forsinket eller forældet),\n' +
    'hver med sine markører, som porteføljesiden viser dem; afslutningskode 1, når der er nogen.',
  'cli.cmd.retry-failed.summary': 'kør alle fejlede jobs igen',
  'cli.cmd.retry-failed.details': 'Flytter alle fejlede jobs i alle køer tilbage til ventende.',
  'cli.cmd.import.args': '<fil>',
  'cli.cmd.import.summary':
    'importér den eksisterende portefølje (CSV/JSON) i et sites app: prøvekørsel eller --apply',
  'cli.cmd.import.details':
    'Sender filen (CSV med ; og BOM, eller JSON; se docs/import.md) til appens os2-import web trigger på\n' +
    '--site (sites[].importUrl), signeret med sitets hemmelighed, og udskriver rapporten række for række.\n' +
    'Standard er en prøvekørsel (--dry-run), der intet gemmer; --apply opretter de gode rækker. En import\n' +
    'kan køres igen: allerede importerede rækker er uændrede, en afbrudt import fortsætter.',
  'cli.importOptionsOnly': '--site, --dry-run og --apply hører til os2-sync import (import options only)',
  'cli.dryRunOrApply': 'vælg enten --dry-run eller --apply (not both)',
  'cli.cmd.doctor.summary':
    'tjek konfiguration, Redis, hvert sites adgang og signaturer, og porteføljeprojektet',
  'cli.cmd.doctor.details':
    'Tjekker konfigurationen, Redis, login og rettigheder på hvert site, at et governance-spejl pr.\n' +
    'kilde-site kan verificeres med OS2_EVENT_SECRET, og porteføljeprojektets sagstype, statusser og\n' +
    'rettigheder. Siger hvad der skal rettes. Uden Redis springes det over, der kræver Redis.',
  'cli.usage.synopsis': 'os2-sync <kommando> [--config <fil>] [--json]',
  'cli.usage.options':
    'Tilvalg:\n' +
    '  -c, --config <fil>      konfigurationsfilen (ellers OS2_SYNC_CONFIG)\n' +
    '      --json              maskinlæsbart output (sync, status, import)\n' +
    '      --site <site>       import: sitet hvis app importerer (ellers det ene site med importUrl)\n' +
    '      --dry-run|--apply   import: prøvekørsel (standard) eller opret\n' +
    '      --kræver-opmærksomhed  status: kun produkter der kræver opmærksomhed (også --attention)\n' +
    '  -h, --help              denne hjælp; os2-sync <kommando> --help: hjælp til én kommando',
  'cli.usage.footer':
    'Hemmeligheder kun fra miljøet (OS2_EVENT_SECRET, hvert sites apiTokenEnv, OS2_DASHBOARD_PASSWORD).\n' +
    'Afslutningskoder: 0 i orden, 1 fejl fundet, 2 brug/konfiguration, 3 Redis svarer ikke. Se docs/sync-worker.md.\n' +
    '(English: OS2_SYNC_LANG=en os2-sync --help; exit 0 ok, 1 failed, 2 usage/config, 3 Redis down.)',
  'cli.usage.configOption': '[--config <fil>]',
  'cli.usage.commandFooter': 'Se os2-sync --help for tilvalg og afslutningskoder.',
  'cli.seeHelp': 'Se os2-sync --help.',
  'cli.unknownCommand': 'ukendt kommando "{command}"{hint} (unknown command)',
  'cli.didYouMean': '; mente du "{hint}"?',
  'cli.missingArguments': 'os2-sync {command} mangler argumenter (missing arguments)',
  'cli.unexpectedArgument': 'os2-sync {command} tager ikke "{args}" (unexpected argument)',
  'cli.usageLine': 'brug: os2-sync {command}',
  'cli.noJson': 'os2-sync {command} har ingen --json (only sync, status and import do)',
  'cli.failed': 'os2-sync: {message}',
  // --- os2-sync: command output (cli-commands.ts) ---
  'cli.retry.none': 'ingen fejlede jobs',
  'cli.retry.done': '{count, plural, one {# fejlet job sat i kø igen} other {# fejlede jobs sat i kø igen}}',
  'cli.notASourceSite': '"{site}" er ikke et kilde-site ({sites}){hint}',
  'cli.reconcile.queued': 'fuld synkronisering af {site} sat i kø (job {job})',
  'cli.reconcile.noWorker':
    'ADVARSEL: ingen worker kører på {redis} med præfiks {prefix}; jobbet venter, til `os2-sync run` startes (no worker is running: nothing will process it yet)',
  'cli.sync.usage': 'brug: os2-sync sync <site> <projektnøgle eller id>',
  'cli.sync.portfolioIsNoSource': 'porteføljeprojektet er aldrig en kilde',
  'cli.sync.created': 'oprettet',
  'cli.sync.updated': 'opdateret',
  'cli.sync.unchanged': 'uændret',
  'cli.sync.absent': 'ikke i porteføljen',
  'cli.sync.done': '{outcome}: {issue} ({source} kald til {site}, {portfolio} til porteføljen)',
  'cli.sync.mirrorWarning': ' ADVARSEL: spejlet er {integrity}',
  'cli.sync.failed': 'synkronisering fejlede: {error}',
  'cli.status.queues': 'Køer:',
  'cli.status.queue':
    '  {name} venter {waiting}  aktive {active}  udsatte {delayed}  fejlede {failed}  færdige {completed}',
  'cli.status.failed': 'Fejlede jobs ({count}):',
  'cli.status.failedJob': '  {queue} #{id} {name} {data} efter {attempts} forsøg: {reason}',
  'cli.status.retryHint': '  → os2-sync retry-failed kører dem igen',
  'cli.status.lastSync': 'Seneste synkronisering pr. produkt ({count}):',
  'cli.status.attention':
    'Kræver opmærksomhed ({count, plural, one {# produkt} other {# produkter}} af {total}):',
  'cli.status.attentionNone': 'Ingen af de {total} produkter kræver opmærksomhed.',
  'cli.attentionOnlyStatus': '--kræver-opmærksomhed/--attention hører til os2-sync status (status only)',
  // The option's Danish name as typed (os2-sync status --kræver-opmærksomhed); --attention is accepted too.
  'cli.option.attention': 'kræver-opmærksomhed',
  // --- os2-sync doctor ---
  'doctor.configValid': 'konfigurationen er gyldig: {config}',
  'doctor.redisOk': 'Redis svarer ({version}), præfiks {prefix}',
  'doctor.redisError': 'Redis: {error}',
  'doctor.redisFix':
    'start Redis eller ret REDIS_URL / redis.url (BullMQ kræver Redis ≥ 6.2); køerne springes over',
  'doctor.unknownSite': 'Ukendt site "{site}"',
  'doctor.login': '{site}: logger ind som {name} ({email})',
  'doctor.loginFailed': '{site}: kan ikke logge ind på {url}: {error}',
  'doctor.loginFixAuth':
    'lav et nyt API-token til {email} og sæt det i {env} (https://id.atlassian.com/manage-profile/security/api-tokens)',
  'doctor.tokenWorksAgain':
    '{site}: tokenet virker igen; sync-tjenesten genoptager sitet af sig selv inden for et minut / the token works again; the service resumes the site by itself',
  'doctor.tokenInvalid':
    '{site}: API-tokenet er ugyldigt eller tilbagekaldt{since}; sync-tjenesten skriver intet for sitet, og porteføljen viser de seneste gode tal / the API token for {site} is invalid or revoked; nothing is written for the site ({error})',
  'doctor.tokenLostSince': ' siden {since}',
  'doctor.loginFixNetwork': 'tjek baseUrl {url} og netværksadgang',
  'doctor.projects': '{site}: ser {count, plural, one {# projekt} other {# projekter}}',
  'doctor.projectsMissing': '; mangler {keys}',
  'doctor.projectsFix': 'giv {email} "Browse projects" i {keys} eller ret projects-listen',
  'doctor.browse': '{site}: må se projekter og læse projektegenskaber ({key})',
  'doctor.browseFix': 'giv {email} "Browse projects" i kildeprojekterne',
  'doctor.votesJql': '{site}: JQL på issue.property[os2-votes].count virker (indekseret)',
  'doctor.siteError': '{site}: {error}',
  'doctor.siteFixApp':
    'installér Forge-appen på sitet: dens jira:entityProperty-modul indekserer os2-votes.count',
  'doctor.siteFixPermissions': 'tjek {email}s rettigheder på {url}',
  'doctor.portfolioFound': 'porteføljeprojektet {key} ({name}) findes på {site}',
  'doctor.issueTypeMissing': 'sagstypen "{type}" findes ikke i {key} (har: {types})',
  'doctor.issueTypeFix': 'opret sagstypen "{type}" i {key} eller sæt portfolio.issueType',
  'doctor.statuses': '{key}/{type} har statusserne {statuses}',
  'doctor.statusesMissing': ' (mangler {statuses})',
  'doctor.statusesFix': 'tilføj statusserne {statuses} til workflowet, med overgange mellem dem',
  'doctor.permissions': 'rettigheder i {key}',
  'doctor.permissionsMissing': ': mangler {permissions}',
  'doctor.permissionsFix': 'giv {email} {permissions} i {key}',
  'doctor.rollupJql': 'JQL på issue.property[{property}].sourceKey virker (indekseret)',
  'doctor.portfolioError': 'porteføljeprojektet {key} på {site}: {error}',
  'doctor.portfolioFixCreate': 'opret projektet {key} eller ret portfolio.projectKey',
  'doctor.portfolioFixAccess': 'giv {email} adgang til {key}',
  'doctor.portfolioFixApp':
    'installér Forge-appen på {site}: dens jira:entityProperty-modul indekserer {property}.sourceKey',
  'doctor.portfolioFixOther': 'se fejlen ovenfor',
  'doctor.allGood': 'Alt ser godt ud.',
  'doctor.problems': '{count} problem(er) skal rettes.',
  'doctor.mirrorVerified': '{site}: governance-spejlet i {key} verificeres med OS2_EVENT_SECRET',
  'doctor.mirrorUnverified':
    '{site}: governance-spejlet i {key} kan ikke verificeres ({reason}): signaturerne passer ikke med denne hemmelighed / signatures do not verify with this secret',
  'doctor.mirrorFix':
    "sammenlign OS2_EVENT_SECRET med hændelseshemmeligheden på appens administrationsside (compare with the app's admin page)",
  'doctor.noMirror': '{site}: intet governance-spejl at verificere endnu (i de første {count} projekter)',
  // --- the sync service's configuration (sync-worker/src/config.ts): the report around the problems ---
  'config.invalid':
    'Konfigurationen af sync-tjenesten er ugyldig ({count, plural, one {# problem} other {# problemer}}) / invalid configuration:',
  'config.noFile': 'ingen konfigurationsfil: angiv --config <fil> eller miljøvariablen OS2_SYNC_CONFIG',
  'config.unreadable': '{file}: kan ikke læses ({reason})',
  'config.notJson': '{file}: er ikke gyldig JSON ({place})',
  'config.fromEnvironment': '<fra miljøet>',
  // the problems themselves (parseConfig's in the operator's language; the schema's in Danish)
  'config.siteName': 'site-navnet skal være små bogstaver, tal og bindestreg (fx "os2")',
  'config.baseUrlMissing': 'baseUrl mangler, fx https://os2.atlassian.net',
  'config.baseUrlInvalid': 'baseUrl skal være en http(s)-URL, fx https://os2.atlassian.net',
  'config.email': 'email skal være kontoens e-mailadresse',
  'config.envName': '{field} skal være navnet på en miljøvariabel',
  'config.apiTokenEnv': 'apiTokenEnv skal være navnet på en miljøvariabel, fx OS2_JIRA_TOKEN',
  'config.projectKeys': 'projektnøgler skrives med store bogstaver',
  'config.every': 'every er i millisekunder, mindst 1000',
  'config.cron': '"{pattern}" er ikke et gyldigt cron-udtryk ({problem}); fx "0 */6 * * *" (hver 6. time)',
  'config.sitesMin': 'mindst ét site skal være konfigureret',
  'config.portfolioKey': 'portfolio.projectKey skal være en projektnøgle, fx PORT',
  'config.noticeIssue': 'portfolio.noticeIssue skal være en sagsnøgle i porteføljeprojektet, fx PORT-1',
  // --- the sync service's notice to the secretariat when a job fails for good (sync-worker/src/failure-notice.ts) ---
  'failure.subject': 'OS2-synkronisering: et job er opgivet ({what})',
  'failure.body':
    'Sync-tjenesten har opgivet et job, og porteføljen er ikke opdateret for {what}.\n\nKø: {queue}\nJob: {job}\nÅrsag: {reason}\n\nRet årsagen (fx manglende rettigheder til porteføljeprojektet), og kør derefter `os2-sync retry-failed`. Du får denne besked én gang for samme årsag.',
  'failure.product': 'produktet {product}',
  'failure.site': 'sitet {site}',
  'config.importUrl': 'importUrl skal være en http(s)-URL (forge webtrigger create)',
  'config.appDataUrl': 'appDataUrl skal være en http(s)-URL (forge webtrigger create)',
  'config.secretInFile':
    '{key}: er en hemmelighed og må ikke stå i konfigurationsfilen; brug miljøvariablen {env} (secret in the file)',
  'config.unknownKey': '{at}: ukendt nøgle{hint} (kendte: {known})',
  'config.didYouMean': '; mente du "{hint}"?',
  'config.theFile': '(filen)',
  'config.eventSecretMissing': 'OS2_EVENT_SECRET: miljøvariablen mangler (delt hemmelighed med Forge-appen)',
  'config.tooShort': '{name}: skal være mindst {min} tegn',
  'config.redisUrlSecret':
    'redis.url: adgangskode eller bruger hører ikke hjemme i filen; brug miljøvariablen REDIS_URL',
  'config.redisScheme': 'REDIS_URL / redis.url: skal begynde med redis:// eller rediss://',
  'config.prefixHashTag':
    'redis.prefix / OS2_SYNC_PREFIX: "{prefix}" skal indeholde et hash-tag, fx "{example}" (Redis Cluster)',
  'config.prefixChars': 'redis.prefix: må ikke indeholde kolon eller mellemrum',
  'config.port': 'OS2_SYNC_PORT/PORT: "{port}" er ikke et portnummer',
  'config.usedTwice': '{at}: "{value}" er brugt to gange',
  'config.baseUrlSecret':
    "{at}: brugernavn eller token i URL'en er en hemmelighed i filen; brug email og apiTokenEnv",
  'config.baseUrlHttp':
    '{at}: http:// sender API-token ukrypteret; brug https:// (http kun til 127.0.0.1/localhost)',
  'config.urlUsedTwice': '{at}: {url} er brugt to gange',
  'config.tokenMissing': '{at}: miljøvariablen {env} med API-token mangler',
  'config.signingKeyMissing': '{at}: miljøvariablen {env} med signeringsnøgle mangler',
  'config.portfolioSite': 'portfolio.site: "{site}" er ikke et konfigureret site ({sites})',
  'config.portfolioLoop': 'sites ({site}).projects: porteføljeprojektet {key} må ikke være en kilde (løkke)',
  'config.noSource': 'sites: mindst ét site skal være en kilde (source)',
  'config.dashboardPasswordMissing': 'http.dashboardUser er sat, men OS2_DASHBOARD_PASSWORD mangler',
  'config.viewerPassword':
    'dashboardViewerUser er sat, men OS2_DASHBOARD_VIEWER_PASSWORD mangler eller er under 8 tegn',
  'config.accessCredentials':
    'http.portfolioAccess er "credentials", men OS2_DASHBOARD_USER/OS2_DASHBOARD_PASSWORD mangler',
  'config.accessHeader': 'http.portfolioAccess er "header", men http.portfolioUserHeader mangler',
  // --- command-line arguments (suggest.ts: os2-sync, npm start, npm run sim) ---
  'args.unknownOption': 'ukendt tilvalg {option}{hint} (unknown option)',
  'args.didYouMean': '; mente du --{hint}?',
  'args.missingValue': 'tilvalget {option} mangler en værdi (missing value)',
  'args.unexpected': 'uventet argument: {argument} (unexpected argument)',
  // --- Redis (redis.ts) ---
  'redis.unreachable':
    'Redis svarer ikke på {url} ({reason}): sæt {setting} til en kørende Redis ≥ 6.2 / Redis is unreachable: set {setting}',
  'redis.invalidUrl': '(ugyldig URL)',
  'redis.noAnswer': 'intet svar efter {seconds} s',
  // --- the terminal's portfolio table and one-line roll-up (scripts/start/portfolio-table.ts) ---
  'table.col.product': 'Produkt',
  'table.col.site': 'Site',
  'table.col.level': 'Niveau',
  'table.col.state': 'Tilstand',
  'table.col.chair': 'Styregruppeformand',
  'table.col.municipalities': 'Kommuner',
  'table.col.openRequests': 'Åbne ønsker',
  'table.col.topRequest': 'Topønske',
  'table.col.votes': 'Stemmer',
  'table.col.coFinance': 'Medfinansiering',
  'table.col.lastDecision': 'Seneste beslutning',
  'table.marker.red': 'RØD',
  'table.marker.overrun': 'OVER BUDGET',
  'table.marker.flagged': 'SPEJL',
  'table.marker.violations': 'REGELBRUD',
  'table.marker.overdue': 'FORSINKET',
  'table.marker.stale': 'FORÆLDET',
  'table.marker.due': 'FORFALDER',
  'table.line.status': 'status {rag}',
  'table.line.openRequests': '{count, plural, one {# åbent ønske} other {# åbne ønsker}}',
  'table.line.top': 'top: {request}',
  'table.line.lastDecision': 'seneste beslutning: {decision}',
  // --- npm start (scripts/start.ts) ---
  'start.usage':
    'npm start [-- --config <fil>]\n\n' +
    '  uden argumenter   hele systemet lokalt: Jira-simulator med to sites, Redis, sync-tjenesten,\n' +
    '                    et kort scenarie gennem Forge-appens resolvere, porteføljen i terminalen\n' +
    '                    og porteføljesiden i browseren\n' +
    '  --config <fil>    sync-tjenesten mod rigtige Jira-sites (ingen simulator, intet scenarie)\n' +
    '  --no-scenario     spring scenariet over\n' +
    '  --help            denne tekst',
  'start.title': 'OS2 governance – hele systemet lokalt',
  'start.syncing': 'Synkroniserer produkter til porteføljen',
  'start.synced': '  {synced} af {total} produkter synkroniseret på {seconds} s',
  'start.table':
    'Porteføljen ({count, plural, one {# produkt} other {# produkter}}, læst fra porteføljeprojektet i Jira):',
  'start.pageAddress': 'Porteføljesiden (portfolio page): {url}',
  'start.redisUnreachable': 'Redis svarer ikke på {url} (REDIS_URL / redis.url).',
  'start.stopping': 'Stopper …',
  'start.stoppingDemo': 'Stopper: sync-tjenesten, simulatoren og Redis lukkes …',
  'start.stopped': 'Stoppet.',
  'start.running': 'Kører. Stop med Ctrl-C.',
  'start.redis': 'Redis:            {url} ({source})',
  'start.redis.env': 'fra REDIS_URL',
  'start.redis.local': 'fundet på 127.0.0.1:6379',
  'start.redis.started': 'redis-server startet til denne kørsel (stoppes igen ved Ctrl-C)',
  'start.sim':
    'Jira-simulator:   {site} {url}  {projects, plural, one {# projekt} other {# projekter}}, {issues, plural, one {# sag} other {# sager}}',
  'start.service': 'Sync-tjenesten:   {url}  (nøgleprefix {prefix}, log: {log})',
  'start.forgeFailed': 'Forge-runtime kunne ikke startes: {error}',
  'start.failed': 'npm start fejlede: {error}',
  // --- npm start: finding Redis (scripts/start/find-redis.ts) and following a change (sync-progress.ts) ---
  'start.installRedis':
    'npm start har brug for Redis (køerne i sync-tjenesten), men fandt ingen:\n  - REDIS_URL er ikke sat,\n  - intet svarer på 127.0.0.1:6379,\n  - og redis-server findes ikke på PATH.\nInstallér Redis og prøv igen:\n  Debian/Ubuntu:  sudo apt-get install redis-server\n  macOS:          brew install redis\n  Docker:         docker run -d -p 6379:6379 redis:7   (og sæt REDIS_URL=redis://127.0.0.1:6379)\n(npm start needs Redis: set REDIS_URL, run one on 127.0.0.1:6379, or install redis-server.)',
  'start.redisServerFailed': 'redis-server kunne ikke startes.',
  'start.redisUrlSilent':
    'REDIS_URL={url} svarer ikke. Start Redis dér, eller fjern REDIS_URL, så finder npm start selv en.',
  'start.notShown': 'Porteføljen viste ikke {what} inden for {ms} ms',
  'start.theChange': 'ændringen',
  // --- npm start's scenario (scripts/start/scenario.ts) ---
  'scenario.refused': '{what}: {message} ({code})',
  'scenario.refusedDefault': 'afvist',
  'scenario.noProject': 'Intet projekt {key} på de simulerede sites',
  'scenario.noIssue': 'Ingen sag {key} på de simulerede sites',
  'scenario.noForge': 'Ingen Forge-installation på {site}',
  'scenario.noMember': 'Ingen bruger i gruppen kommune-{code} på {site}',
  'scenario.noRecord': '{key} har intet styringsregister',
  'scenario.noOpenRequests': '{key} har ingen åbne udviklingsønsker i porteføljen',
  'scenario.voteOn': 'stemme på {key}',
  'scenario.inPortfolio': '      ✓ i porteføljen efter {seconds} s: {line}',
  'scenario.step5':
    '  5/5 En projektadministrator ændrer {product}s styringsdata direkte i Jira (REST, uden om appen): niveau N2 → N3',
  'scenario.jiraAnswered': 'Jira svarede {status} på ændringen',
  'scenario.step5Note':
    '      (en Jira-webhook eller den næste planlagte fulde synkronisering opdager det; her spørges sync-tjenesten straks)',
  'scenario.flagged': '{product} markeret som manipuleret',
  'scenario.title': 'Scenarie, spillet gennem Forge-appens egne resolvere mod simulatoren:',
  'scenario.noRequestToVote': 'intet åbent udviklingsønske, som flere kommuner kan stemme på',
  'scenario.step1': '  1/5 Kommuner stemmer på {key} «{summary}» (issue-panel → vote)',
  'scenario.voted': '      {municipality} Kommune ({voter}): stemme',
  'scenario.votedPledge':
    '      {municipality} Kommune ({voter}): stemme og tilsagn om {amount} i medfinansiering',
  'scenario.outsiderVoted': '{municipality} Kommune deltager ikke, men kunne stemme',
  'scenario.outsiderRefused': '      ({municipality} Kommune deltager ikke i produktet og afvises: {reason})',
  'scenario.nobodyVoted': 'ingen kommune kunne stemme på {key}',
  'scenario.tally':
    '      {key} har nu {count, plural, one {# stemme} other {# stemmer}} og {amount} i tilsagn',
  'scenario.withVotes': '{key} med {count, plural, one {# stemme} other {# stemmer}}',
  'scenario.step2':
    '  2/5 Bestyrelsen godkender N2-konceptet {name} ({product}) (project-page → transition approve)',
  'scenario.approvalOf': 'godkendelse af {product}',
  'scenario.approved': '{product} godkendt',
  'scenario.step3':
    '  3/5 Bestyrelsen flytter {name} ({product}) fra {level} til N3 (project-page → transition changeLevel)',
  'scenario.levelChangeOf': 'niveauskift for {product}',
  'scenario.onN3': '{product} på N3',
  'scenario.step4':
    '  4/5 Projektteamet bag {name} ({product}) indsender en statusrapport (project-page → edit fileStatusReport)',
  'scenario.statusReportFor': 'statusrapport for {product}',
  // --- npm start's console (scripts/start/console.ts) ---
  'console.help':
    'Kommandoer (skriv og tryk Enter):\n' +
    '  stem <SAG|PRODUKT> <kommunekode> [beløb]   en kommune stemmer (med medfinansiering i kr.),\n' +
    '                                             fx "stem KITOS 751 40000" stemmer på KITOS\' topønske\n' +
    '  tabel                                      udskriv porteføljen igen\n' +
    '  hjælp                                      denne tekst',
  'console.prompt': 'Skriv "hjælp" for kommandoer.',
  'console.voteUsage': 'Brug: stem <SAG|PRODUKT> <kommunekode> [beløb i hele kr.], fx "stem KITOS 751 40000"',
  'console.invalidCode': 'Ugyldig kommunekode',
  'console.notACode': '{code} er ikke en kommunekode (de 98 kommuners koder, fx 751 for Aarhus)',
  'console.notAnAmount': '"{amount}" er ikke et beløb i hele kroner (fx 40000 eller 40.000)',
  'console.invalidAmount': 'Ugyldigt beløb',
  'console.voted':
    'Stemme afgivet af {municipality} ({voter}) på {issue} {summary}: {count, plural, one {# stemme} other {# stemmer}}, {total} i medfinansiering',
  'console.votedPledge': ' (heraf {amount} fra {municipality})',
  'console.unknownCommand': 'Ukendt kommando "{command}". Skriv "hjælp".',
  'start.secondSignal': 'Andet signal: afslutter med det samme.',
  'start.didNotClose': 'lukkede ikke inden for {ms} ms',
  // what `npm start` stops on the way out, named when stopping one fails
  'start.part.tempDir': 'midlertidig mappe',
  'start.part.redis': 'redis',
  'start.part.sim': 'jira-simulatoren',
  'start.part.redisKeys': 'redis-nøgler',
  'start.part.service': 'sync-tjenesten',
  'start.part.forge': 'forge-runtime',
  'start.part.console': 'konsol',
  'import.err.unknownSite': '"{site}" er ikke et konfigureret site{hint}',
  'import.err.noImportUrl':
    'intet site har importUrl i konfigurationen: sæt sites[].importUrl til URL’en fra `forge webtrigger create` (os2-import)',
  'import.err.chooseSite': 'flere sites har importUrl ({sites}): vælg med --site',
  'import.err.siteWithoutUrl':
    'site "{site}" har ingen importUrl: sæt den til URL’en fra `forge webtrigger create` (os2-import)',
  'import.err.unreadable': 'kan ikke læse {file}: {code}',
  'import.err.noAnswer': 'appens web trigger svarer ikke: {error}',
  'import.err.notJson': 'appen svarede {status} uden JSON',
  'import.err.refused': 'appen afviste importen ({status}): {message}',
  'import.err.secretHint': '; er sitets hemmelighed den samme som på appens administrationsside?',
  'import.err.notReport': 'appens svar har ikke rapportens form',
  // --- the app-data web trigger's client (sync-worker/src/app-data-client.ts) ---
  'appData.err.notConfigured':
    'site "{site}" har ingen appDataUrl: sæt den til URL’en fra `forge webtrigger create` (os2-app-data)',
  'appData.err.unknownSite': '"{site}" er ikke et konfigureret site',
  'appData.err.noAnswer': 'appen på {site} svarer ikke: {error}',
  'appData.err.notJson': 'appen på {site} svarede {status} uden JSON',
  'appData.err.refused': 'appen på {site} afviste anmodningen ({status}): {message}',
  'appData.err.untrusted': 'svaret fra appen på {site} kan ikke bekræftes ({reason}) og bruges ikke',
  'appData.err.malformed': 'svaret fra appen på {site} har ikke den ventede form',
} as const;

export const terminalEn: Record<keyof typeof terminalDa, string> = {
  'cli.cmd.run.summary': 'run the service (HTTP, workers, scheduled sync) until SIGTERM/SIGINT',
  'cli.cmd.run.details':
    'Starts the HTTP server (the portfolio page, /healthz, /readyz, /metrics), a worker per source site and\n' +
    "the portfolio's worker, and the scheduled full sync (schedules.reconcile). Stops gracefully on\n" +
    'SIGTERM/SIGINT: takes no more jobs, lets the running ones finish.',
  'cli.cmd.sync.args': '<site> <project>',
  'cli.cmd.sync.summary': 'sync one product now (project key or id) and print its roll-up',
  'cli.cmd.sync.details':
    "Reads the product's governance mirror and votes on <site>, writes the portfolio issue and prints\n" +
    'the roll-up (--json: one JSON line). Shown afterwards in `os2-sync status`.',
  'cli.cmd.reconcile.args': '[site]',
  'cli.cmd.reconcile.summary': 'queue a full sync of one site or all',
  'cli.cmd.reconcile.details':
    'Queues a reconcile job for <site> (without: every source site). A running `os2-sync run` does the\n' +
    'job; when none runs, the command says so.',
  'cli.cmd.status.summary': 'queues, failed jobs and the last sync per product',
  'cli.cmd.status.details':
    'The queues, the failed jobs with their error and the last sync per product (--json: one line).\n' +
    '--attention (or --kræver-opmærksomhed): only the products that need attention (red status, forecast\n' +
    'over budget, mirror not verified, rule violations, status report overdue or stale), each with its\n' +
    'markers as the portfolio page shows them; exit code 1 when there are any.',
  'cli.cmd.retry-failed.summary': 'run every failed job again',
  'cli.cmd.retry-failed.details': 'Moves every failed job of every queue back to waiting.',
  'cli.cmd.import.args': '<file>',
  'cli.cmd.import.summary':
    "import the existing portfolio (CSV/JSON) into a site's app: a dry run or --apply",
  'cli.cmd.import.details':
    "Sends the file (CSV with ; and a BOM, or JSON; see docs/import.md) to the app's os2-import web trigger on\n" +
    "--site (sites[].importUrl), signed with the site's secret, and prints the report row by row.\n" +
    'The default is a dry run (--dry-run) that saves nothing; --apply creates the good rows. An import can run\n' +
    'again: rows already imported are unchanged, an interrupted import continues.',
  'cli.importOptionsOnly': '--site, --dry-run and --apply belong to os2-sync import',
  'cli.dryRunOrApply': 'choose either --dry-run or --apply, not both',
  'cli.cmd.doctor.summary':
    "check the configuration, Redis, each site's access and signatures, and the portfolio project",
  'cli.cmd.doctor.details':
    'Checks the configuration, Redis, login and permissions on each site, that a governance mirror per\n' +
    "source site verifies with OS2_EVENT_SECRET, and the portfolio project's issue type, statuses and\n" +
    'permissions. Says what to fix. Without Redis, what needs Redis is skipped.',
  'cli.usage.synopsis': 'os2-sync <command> [--config <file>] [--json]',
  'cli.usage.options':
    'Options:\n' +
    '  -c, --config <file>     the configuration file (else OS2_SYNC_CONFIG)\n' +
    '      --json              machine-readable output (sync, status, import)\n' +
    '      --site <site>       import: the site whose app imports (else the one site with an importUrl)\n' +
    '      --dry-run|--apply   import: a dry run (the default) or create\n' +
    '      --attention         status: only the products that need attention (also --kræver-opmærksomhed)\n' +
    '  -h, --help              this help; os2-sync <command> --help: help on one command',
  'cli.usage.footer':
    "Secrets only from the environment (OS2_EVENT_SECRET, each site's apiTokenEnv, OS2_DASHBOARD_PASSWORD).\n" +
    'Exit codes: 0 ok, 1 problem found, 2 usage/configuration, 3 Redis does not answer. See docs/sync-worker.md.',
  'cli.usage.configOption': '[--config <file>]',
  'cli.usage.commandFooter': 'See os2-sync --help for options and exit codes.',
  'cli.seeHelp': 'See os2-sync --help.',
  'cli.unknownCommand': 'unknown command "{command}"{hint}',
  'cli.didYouMean': '; did you mean "{hint}"?',
  'cli.missingArguments': 'os2-sync {command} is missing arguments',
  'cli.unexpectedArgument': 'os2-sync {command} does not take "{args}"',
  'cli.usageLine': 'usage: os2-sync {command}',
  'cli.noJson': 'os2-sync {command} has no --json (only sync, status and import do)',
  'cli.failed': 'os2-sync: {message}',
  'cli.retry.none': 'no failed jobs',
  'cli.retry.done': '{count, plural, one {# failed job queued again} other {# failed jobs queued again}}',
  'cli.notASourceSite': '"{site}" is not a source site ({sites}){hint}',
  'cli.reconcile.queued': 'full sync of {site} queued (job {job})',
  'cli.reconcile.noWorker':
    'WARNING: no worker is running on {redis} with prefix {prefix}; the job waits until `os2-sync run` starts',
  'cli.sync.usage': 'usage: os2-sync sync <site> <project key or id>',
  'cli.sync.portfolioIsNoSource': 'the portfolio project is never a source',
  'cli.sync.created': 'created',
  'cli.sync.updated': 'updated',
  'cli.sync.unchanged': 'unchanged',
  'cli.sync.absent': 'not in the portfolio',
  'cli.sync.done': '{outcome}: {issue} ({source} calls to {site}, {portfolio} to the portfolio)',
  'cli.sync.mirrorWarning': ' WARNING: the mirror is {integrity}',
  'cli.sync.failed': 'sync failed: {error}',
  'cli.status.queues': 'Queues:',
  'cli.status.queue':
    '  {name} waiting {waiting}  active {active}  delayed {delayed}  failed {failed}  completed {completed}',
  'cli.status.failed': 'Failed jobs ({count}):',
  'cli.status.failedJob': '  {queue} #{id} {name} {data} after {attempts} attempts: {reason}',
  'cli.status.retryHint': '  → os2-sync retry-failed runs them again',
  'cli.status.lastSync': 'Last sync per product ({count}):',
  'cli.status.attention': 'Needs attention ({count, plural, one {# product} other {# products}} of {total}):',
  'cli.status.attentionNone': 'None of the {total} products needs attention.',
  'cli.attentionOnlyStatus': '--attention/--kræver-opmærksomhed belongs to os2-sync status',
  'cli.option.attention': 'attention',
  'doctor.configValid': 'the configuration is valid: {config}',
  'doctor.redisOk': 'Redis answers ({version}), prefix {prefix}',
  'doctor.redisError': 'Redis: {error}',
  'doctor.redisFix':
    'start Redis or correct REDIS_URL / redis.url (BullMQ needs Redis ≥ 6.2); the queues are skipped',
  'doctor.unknownSite': 'Unknown site "{site}"',
  'doctor.login': '{site}: logs in as {name} ({email})',
  'doctor.loginFailed': '{site}: cannot log in to {url}: {error}',
  'doctor.loginFixAuth':
    'make a new API token for {email} and set it in {env} (https://id.atlassian.com/manage-profile/security/api-tokens)',
  'doctor.tokenWorksAgain':
    '{site}: the token works again; the sync service resumes the site by itself within a minute',
  'doctor.tokenInvalid':
    '{site}: the API token is invalid or revoked{since}; the sync service writes nothing for the site, and the portfolio shows the last good figures ({error})',
  'doctor.tokenLostSince': ' since {since}',
  'doctor.loginFixNetwork': 'check baseUrl {url} and network access',
  'doctor.projects': '{site}: sees {count, plural, one {# project} other {# projects}}',
  'doctor.projectsMissing': '; missing {keys}',
  'doctor.projectsFix': 'give {email} "Browse projects" in {keys} or correct the projects list',
  'doctor.browse': '{site}: may browse projects and read project properties ({key})',
  'doctor.browseFix': 'give {email} "Browse projects" in the source projects',
  'doctor.votesJql': '{site}: JQL on issue.property[os2-votes].count works (indexed)',
  'doctor.siteError': '{site}: {error}',
  'doctor.siteFixApp':
    'install the Forge app on the site: its jira:entityProperty module indexes os2-votes.count',
  'doctor.siteFixPermissions': "check {email}'s permissions on {url}",
  'doctor.portfolioFound': 'the portfolio project {key} ({name}) exists on {site}',
  'doctor.issueTypeMissing': 'the issue type "{type}" does not exist in {key} (has: {types})',
  'doctor.issueTypeFix': 'create the issue type "{type}" in {key} or set portfolio.issueType',
  'doctor.statuses': '{key}/{type} has the statuses {statuses}',
  'doctor.statusesMissing': ' (missing {statuses})',
  'doctor.statusesFix': 'add the statuses {statuses} to the workflow, with transitions between them',
  'doctor.permissions': 'permissions in {key}',
  'doctor.permissionsMissing': ': missing {permissions}',
  'doctor.permissionsFix': 'give {email} {permissions} in {key}',
  'doctor.rollupJql': 'JQL on issue.property[{property}].sourceKey works (indexed)',
  'doctor.portfolioError': 'the portfolio project {key} on {site}: {error}',
  'doctor.portfolioFixCreate': 'create the project {key} or correct portfolio.projectKey',
  'doctor.portfolioFixAccess': 'give {email} access to {key}',
  'doctor.portfolioFixApp':
    'install the Forge app on {site}: its jira:entityProperty module indexes {property}.sourceKey',
  'doctor.portfolioFixOther': 'see the error above',
  'doctor.allGood': 'All looks well.',
  'doctor.problems': '{count, plural, one {# problem needs} other {# problems need}} fixing.',
  'doctor.mirrorVerified': '{site}: the governance mirror in {key} verifies with OS2_EVENT_SECRET',
  'doctor.mirrorUnverified':
    '{site}: the governance mirror in {key} cannot be verified ({reason}): the signatures do not verify with this secret',
  'doctor.mirrorFix': "compare OS2_EVENT_SECRET with the event secret on the app's admin page",
  'doctor.noMirror': '{site}: no governance mirror to verify yet (in the first {count} projects)',
  'config.invalid':
    'The sync service configuration is invalid ({count, plural, one {# problem} other {# problems}}):',
  'config.noFile': 'no configuration file: give --config <file> or the environment variable OS2_SYNC_CONFIG',
  'config.unreadable': '{file}: cannot be read ({reason})',
  'config.notJson': '{file}: is not valid JSON ({place})',
  'config.fromEnvironment': '<from the environment>',
  'config.siteName': 'the site name must be lower-case letters, digits and hyphens (e.g. "os2")',
  'config.baseUrlMissing': 'baseUrl is missing, e.g. https://os2.atlassian.net',
  'config.baseUrlInvalid': 'baseUrl must be an http(s) URL, e.g. https://os2.atlassian.net',
  'config.email': "email must be the account's e-mail address",
  'config.envName': '{field} must be the name of an environment variable',
  'config.apiTokenEnv': 'apiTokenEnv must be the name of an environment variable, e.g. OS2_JIRA_TOKEN',
  'config.projectKeys': 'project keys are written in capitals',
  'config.every': 'every is in milliseconds, at least 1000',
  'config.cron': '"{pattern}" is not a valid cron expression ({problem}); e.g. "0 */6 * * *" (every 6 hours)',
  'config.sitesMin': 'at least one site must be configured',
  'config.portfolioKey': 'portfolio.projectKey must be a project key, e.g. PORT',
  'config.noticeIssue': 'portfolio.noticeIssue must be an issue key in the portfolio project, e.g. PORT-1',
  'failure.subject': 'OS2 sync: a job was given up ({what})',
  'failure.body':
    'The sync service gave up a job, and the portfolio is not updated for {what}.\n\nQueue: {queue}\nJob: {job}\nReason: {reason}\n\nFix the cause (e.g. missing permissions on the portfolio project), then run `os2-sync retry-failed`. You get this message once for the same cause.',
  'failure.product': 'the product {product}',
  'failure.site': 'the site {site}',
  'config.importUrl': 'importUrl must be an http(s) URL (forge webtrigger create)',
  'config.appDataUrl': 'appDataUrl must be an http(s) URL (forge webtrigger create)',
  'config.secretInFile':
    '{key}: is a secret and must not be in the configuration file; use the environment variable {env}',
  'config.unknownKey': '{at}: unknown key{hint} (known: {known})',
  'config.didYouMean': '; did you mean "{hint}"?',
  'config.theFile': '(the file)',
  'config.eventSecretMissing':
    'OS2_EVENT_SECRET: the environment variable is missing (the secret shared with the Forge app)',
  'config.tooShort': '{name}: must be at least {min} characters',
  'config.redisUrlSecret':
    'redis.url: a password or user does not belong in the file; use the environment variable REDIS_URL',
  'config.redisScheme': 'REDIS_URL / redis.url: must start with redis:// or rediss://',
  'config.prefixHashTag':
    'redis.prefix / OS2_SYNC_PREFIX: "{prefix}" must contain a hash tag, e.g. "{example}" (Redis Cluster)',
  'config.prefixChars': 'redis.prefix: must not contain a colon or a space',
  'config.port': 'OS2_SYNC_PORT/PORT: "{port}" is not a port number',
  'config.usedTwice': '{at}: "{value}" is used twice',
  'config.baseUrlSecret':
    '{at}: a user name or token in the URL is a secret in the file; use email and apiTokenEnv',
  'config.baseUrlHttp':
    '{at}: http:// sends the API token unencrypted; use https:// (http only for 127.0.0.1/localhost)',
  'config.urlUsedTwice': '{at}: {url} is used twice',
  'config.tokenMissing': '{at}: the environment variable {env} with the API token is missing',
  'config.signingKeyMissing': '{at}: the environment variable {env} with the signing key is missing',
  'config.portfolioSite': 'portfolio.site: "{site}" is not a configured site ({sites})',
  'config.portfolioLoop':
    'sites ({site}).projects: the portfolio project {key} must not be a source (a loop)',
  'config.noSource': 'sites: at least one site must be a source',
  'config.dashboardPasswordMissing': 'http.dashboardUser is set, but OS2_DASHBOARD_PASSWORD is missing',
  'config.viewerPassword':
    'dashboardViewerUser is set, but OS2_DASHBOARD_VIEWER_PASSWORD is missing or under 8 characters',
  'config.accessCredentials':
    'http.portfolioAccess is "credentials", but OS2_DASHBOARD_USER/OS2_DASHBOARD_PASSWORD is missing',
  'config.accessHeader': 'http.portfolioAccess is "header", but http.portfolioUserHeader is missing',
  'args.unknownOption': 'unknown option {option}{hint}',
  'args.didYouMean': '; did you mean --{hint}?',
  'args.missingValue': 'the option {option} is missing a value',
  'args.unexpected': 'unexpected argument: {argument}',
  'redis.unreachable': 'Redis does not answer on {url} ({reason}): set {setting} to a running Redis ≥ 6.2',
  'redis.invalidUrl': '(invalid URL)',
  'redis.noAnswer': 'no answer after {seconds} s',
  'table.col.product': 'Product',
  'table.col.site': 'Site',
  'table.col.level': 'Level',
  'table.col.state': 'State',
  'table.col.chair': 'Steering group chair',
  'table.col.municipalities': 'Municipalities',
  'table.col.openRequests': 'Open requests',
  'table.col.topRequest': 'Top request',
  'table.col.votes': 'Votes',
  'table.col.coFinance': 'Co-finance',
  'table.col.lastDecision': 'Last decision',
  'table.marker.red': 'RED',
  'table.marker.overrun': 'OVER BUDGET',
  'table.marker.flagged': 'MIRROR',
  'table.marker.violations': 'RULE BREACH',
  'table.marker.overdue': 'OVERDUE',
  'table.marker.stale': 'STALE',
  'table.marker.due': 'DUE',
  'table.line.status': 'status {rag}',
  'table.line.openRequests': '{count, plural, one {# open request} other {# open requests}}',
  'table.line.top': 'top: {request}',
  'table.line.lastDecision': 'last decision: {decision}',
  'start.usage':
    'npm start [-- --config <file>]\n\n' +
    '  no arguments      the whole system locally: a Jira simulator with two sites, Redis, the sync service,\n' +
    "                    a short scenario through the Forge app's resolvers, the portfolio in the terminal\n" +
    '                    and the portfolio page in the browser\n' +
    '  --config <file>   the sync service against real Jira sites (no simulator, no scenario)\n' +
    '  --no-scenario     skip the scenario\n' +
    '  --help            this text',
  'start.title': 'OS2 governance – the whole system locally',
  'start.syncing': 'Syncing products to the portfolio',
  'start.synced': '  {synced} of {total} products synced in {seconds} s',
  'start.table':
    'The portfolio ({count, plural, one {# product} other {# products}}, read from the portfolio project in Jira):',
  'start.pageAddress': 'The portfolio page: {url}',
  'start.redisUnreachable': 'Redis does not answer on {url} (REDIS_URL / redis.url).',
  'start.stopping': 'Stopping …',
  'start.stoppingDemo': 'Stopping: closing the sync service, the simulator and Redis …',
  'start.stopped': 'Stopped.',
  'start.running': 'Running. Stop with Ctrl-C.',
  'start.redis': 'Redis:            {url} ({source})',
  'start.redis.env': 'from REDIS_URL',
  'start.redis.local': 'found on 127.0.0.1:6379',
  'start.redis.started': 'redis-server started for this run (stopped again on Ctrl-C)',
  'start.sim':
    'Jira simulator:   {site} {url}  {projects, plural, one {# project} other {# projects}}, {issues, plural, one {# issue} other {# issues}}',
  'start.service': 'Sync service:     {url}  (key prefix {prefix}, log: {log})',
  'start.forgeFailed': 'The Forge runtime could not be started: {error}',
  'start.failed': 'npm start failed: {error}',
  'start.installRedis':
    "npm start needs Redis (the sync service's queues), but found none:\n  - REDIS_URL is not set,\n  - nothing answers on 127.0.0.1:6379,\n  - and redis-server is not on PATH.\nInstall Redis and try again:\n  Debian/Ubuntu:  sudo apt-get install redis-server\n  macOS:          brew install redis\n  Docker:         docker run -d -p 6379:6379 redis:7   (and set REDIS_URL=redis://127.0.0.1:6379)",
  'start.redisServerFailed': 'redis-server could not be started.',
  'start.redisUrlSilent':
    'REDIS_URL={url} does not answer. Start Redis there, or unset REDIS_URL and npm start finds one itself.',
  'start.notShown': 'The portfolio did not show {what} within {ms} ms',
  'start.theChange': 'the change',
  'scenario.refused': '{what}: {message} ({code})',
  'scenario.refusedDefault': 'refused',
  'scenario.noProject': 'No project {key} on the simulated sites',
  'scenario.noIssue': 'No issue {key} on the simulated sites',
  'scenario.noForge': 'No Forge installation on {site}',
  'scenario.noMember': 'No user in the group kommune-{code} on {site}',
  'scenario.noRecord': '{key} has no governance record',
  'scenario.noOpenRequests': '{key} has no open feature requests in the portfolio',
  'scenario.voteOn': 'vote on {key}',
  'scenario.inPortfolio': '      ✓ in the portfolio after {seconds} s: {line}',
  'scenario.step5':
    "  5/5 A project administrator changes {product}'s governance data directly in Jira (REST, around the app): level N2 → N3",
  'scenario.jiraAnswered': 'Jira answered {status} to the change',
  'scenario.step5Note':
    '      (a Jira webhook or the next scheduled full sync notices it; here the sync service is asked at once)',
  'scenario.flagged': '{product} flagged as tampered with',
  'scenario.title': "Scenario, played through the Forge app's own resolvers against the simulator:",
  'scenario.noRequestToVote': 'no open feature request that more municipalities can vote on',
  'scenario.step1': '  1/5 Municipalities vote on {key} «{summary}» (issue-panel → vote)',
  'scenario.voted': '      {municipality} Kommune ({voter}): a vote',
  'scenario.votedPledge':
    '      {municipality} Kommune ({voter}): a vote and a pledge of {amount} co-finance',
  'scenario.outsiderVoted': '{municipality} Kommune does not take part, but could vote',
  'scenario.outsiderRefused':
    '      ({municipality} Kommune does not take part in the product and is refused: {reason})',
  'scenario.nobodyVoted': 'no municipality could vote on {key}',
  'scenario.tally': '      {key} now has {count, plural, one {# vote} other {# votes}} and {amount} pledged',
  'scenario.withVotes': '{key} with {count, plural, one {# vote} other {# votes}}',
  'scenario.step2':
    '  2/5 The board approves the N2 concept {name} ({product}) (project-page → transition approve)',
  'scenario.approvalOf': 'approval of {product}',
  'scenario.approved': '{product} approved',
  'scenario.step3':
    '  3/5 The board moves {name} ({product}) from {level} to N3 (project-page → transition changeLevel)',
  'scenario.levelChangeOf': 'level change of {product}',
  'scenario.onN3': '{product} on N3',
  'scenario.step4':
    '  4/5 The project team behind {name} ({product}) files a status report (project-page → edit fileStatusReport)',
  'scenario.statusReportFor': 'status report of {product}',
  'console.help':
    'Commands (type and press Enter):\n' +
    '  stem <ISSUE|PRODUCT> <kommunekode> [amount]  a municipality votes (with co-finance in DKK),\n' +
    '                                               e.g. "stem KITOS 751 40000" votes on KITOS\' top request\n' +
    '  tabel                                        print the portfolio again\n' +
    '  hjælp                                        this text',
  'console.prompt': 'Type "hjælp" (help) for commands.',
  'console.voteUsage':
    'Usage: stem <ISSUE|PRODUCT> <kommunekode> [amount in whole DKK], e.g. "stem KITOS 751 40000"',
  'console.invalidCode': 'Invalid kommunekode',
  'console.notACode': "{code} is not a kommunekode (the 98 municipalities' codes, e.g. 751 for Aarhus)",
  'console.notAnAmount': '"{amount}" is not an amount in whole kroner (e.g. 40000 or 40.000)',
  'console.invalidAmount': 'Invalid amount',
  'console.voted':
    'Vote cast by {municipality} ({voter}) on {issue} {summary}: {count, plural, one {# vote} other {# votes}}, {total} co-finance',
  'console.votedPledge': ' ({amount} of it from {municipality})',
  'console.unknownCommand': 'Unknown command "{command}". Type "hjælp".',
  'start.secondSignal': 'Second signal: exiting at once.',
  'start.didNotClose': 'did not close within {ms} ms',
  'start.part.tempDir': 'temporary directory',
  'start.part.redis': 'redis',
  'start.part.sim': 'the Jira simulator',
  'start.part.redisKeys': 'redis keys',
  'start.part.service': 'the sync service',
  'start.part.forge': 'forge runtime',
  'start.part.console': 'console',
  'import.err.unknownSite': '"{site}" is not a configured site{hint}',
  'import.err.noImportUrl':
    'no site has importUrl in the configuration: set sites[].importUrl to the URL from `forge webtrigger create` (os2-import)',
  'import.err.chooseSite': 'several sites have importUrl ({sites}): choose one with --site',
  'import.err.siteWithoutUrl':
    'site "{site}" has no importUrl: set it to the URL from `forge webtrigger create` (os2-import)',
  'import.err.unreadable': 'cannot read {file}: {code}',
  'import.err.noAnswer': "the app's web trigger does not answer: {error}",
  'import.err.notJson': 'the app answered {status} without JSON',
  'import.err.refused': 'the app refused the import ({status}): {message}',
  'import.err.secretHint': "; is the site's secret the same as on the app's administration page?",
  'import.err.notReport': "the app's answer is not an import report",
  'appData.err.notConfigured':
    'site "{site}" has no appDataUrl: set it to the URL from `forge webtrigger create` (os2-app-data)',
  'appData.err.unknownSite': '"{site}" is not a configured site',
  'appData.err.noAnswer': 'the app on {site} does not answer: {error}',
  'appData.err.notJson': 'the app on {site} answered {status} without JSON',
  'appData.err.refused': 'the app on {site} refused the request ({status}): {message}',
  'appData.err.untrusted': 'the answer from the app on {site} does not verify ({reason}) and is not used',
  'appData.err.malformed': 'the answer from the app on {site} does not have the expected shape',
};
