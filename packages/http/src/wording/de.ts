import type { Wording } from "./Wording.js"

const confirmOutro = [
  "Der Link funktioniert nur einmal und läuft am {{expires_at_text}} ab. Wenn Sie diese Anfrage nicht gestellt haben, ignorieren Sie diese E-Mail: Es geschieht nichts, solange der Link nicht geöffnet und bestätigt wird."
]

export const de: Wording = {
  statuses: {
    unverified: "wartet auf Ihre Bestätigung",
    verified: "bestätigt",
    work_in_progress: "in Bearbeitung",
    fulfilled: "erledigt",
    refused: "abgelehnt",
    archived: "abgeschlossen"
  },
  email: {
    hello: "Guten Tag,",
    buttonFallback: "Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:",
    details: {
      request: "Anfrage",
      reference: "Referenz",
      received: "Eingegangen am",
      deadline: "Antwort bis spätestens"
    },
    footer:
      "Sie erhalten diese E-Mail, weil mit dieser Adresse eine Datenschutzanfrage an {{organization_name}} gestellt wurde.",
    replyTo: "Fragen? Schreiben Sie an {{reply_to}}.",
    refusalReasons: {
      identity_not_verified: "Wir konnten Ihre Identität nicht überprüfen.",
      exempt: "Für Ihr Anliegen gilt eine gesetzlich vorgesehene Ausnahme.",
      manifestly_unfounded_or_excessive: "Die Anfrage ist offenkundig unbegründet oder exzessiv.",
      duplicate: "Die Anfrage wiederholt eine Ihrer Anfragen, die wir noch bearbeiten.",
      other: "Aus dem unten erläuterten Grund."
    },
    types: {
      approval: {
        subject: "Bestätigen Sie Ihre Datenschutzanfrage an {{organization_name}}",
        intro: [
          "{{organization_name}} hat eine Datenschutzanfrage mit dieser E-Mail-Adresse erhalten. Um zu bestätigen, dass sie von Ihnen stammt, nutzen Sie die Schaltfläche unten."
        ],
        button: { label: "Anfrage bestätigen", url: "url" },
        outro: confirmOutro
      },
      renewal: {
        subject: "Ihr neuer Link zur Bestätigung Ihrer Datenschutzanfrage an {{organization_name}}",
        intro: [
          "Der Bestätigungslink, den Sie geöffnet haben, war abgelaufen, daher erhalten Sie hier einen neuen. Um Ihre Datenschutzanfrage an {{organization_name}} zu bestätigen, nutzen Sie die Schaltfläche unten."
        ],
        button: { label: "Anfrage bestätigen", url: "url" },
        outro: confirmOutro
      },
      reminder: {
        subject: "Erinnerung: Bestätigen Sie Ihre Datenschutzanfrage an {{organization_name}}",
        intro: [
          "{{organization_name}} hat eine Datenschutzanfrage erhalten, die mit dieser E-Mail-Adresse gestellt wurde, und wartet noch auf Ihre Bestätigung. Um zu bestätigen, dass sie von Ihnen stammt, verwenden Sie die Schaltfläche unten.",
          "Wird sie nicht bis zum {{closes_at_text}} bestätigt, wird die Anfrage ohne Antwort geschlossen, da die Identität der anfragenden Person nicht überprüft werden konnte."
        ],
        button: { label: "Anfrage bestätigen", url: "url" },
        outro: confirmOutro
      },
      receipt: {
        subject: "{{organization_name}} hat Ihre Datenschutzanfrage erhalten",
        intro: [
          "{{organization_name}} hat Ihre Datenschutzanfrage ({{right}}) erhalten.",
          {
            when: "deadline_text",
            text: "Sie wird bis zum {{deadline_text}} beantwortet. Sie werden per E-Mail benachrichtigt."
          }
        ],
        outro: []
      },
      status_notice: {
        subject: "Ihre Datenschutzanfrage an {{organization_name}}: {{status_label}}",
        intro: ["Der Stand Ihrer Datenschutzanfrage an {{organization_name}}: {{status_label}}."],
        outro: [{ when: "deadline_text", text: "{{organization_name}} antwortet spätestens am {{deadline_text}}." }]
      },
      access_fulfilled: {
        subject: "{{organization_name}} hat Ihre Auskunftsanfrage beantwortet",
        intro: [
          "{{organization_name}} hat Ihre Anfrage auf Auskunft über Ihre Daten beantwortet.",
          {
            when: "download_link",
            text: "Mit der Schaltfläche unten können Sie eine Kopie Ihrer Daten herunterladen."
          },
          { unless: "download_link", text: "{{organization_name}} sendet Ihnen eine Kopie Ihrer Daten gesondert zu." }
        ],
        button: { label: "Meine Daten herunterladen", url: "download_link", when: "download_link" },
        outro: []
      },
      delete_fulfilled: {
        subject: "{{organization_name}} hat Ihre Daten gelöscht",
        intro: [
          "{{organization_name}} hat Ihre personenbezogenen Daten wie gewünscht gelöscht, außer denen, die gesetzlich aufbewahrt werden müssen."
        ],
        outro: []
      },
      opt_out_fulfilled: {
        subject: "{{organization_name}} verkauft und teilt Ihre Daten nicht mehr",
        intro: [
          "{{organization_name}} hat Ihre Entscheidung vermerkt: Ihre personenbezogenen Daten werden nicht mehr verkauft oder weitergegeben."
        ],
        outro: []
      },
      extension_notice: {
        subject: "Für die Beantwortung Ihrer Datenschutzanfrage an {{organization_name}} wird mehr Zeit benötigt",
        intro: [
          "{{organization_name}} benötigt, wie gesetzlich zulässig, mehr Zeit für die Beantwortung Ihrer Datenschutzanfrage und wird sie bis {{deadline_text}} beantworten.",
          "Der Grund: {{reason}}"
        ],
        outro: []
      },
      refusal: {
        subject: "Ihre Datenschutzanfrage an {{organization_name}} wurde abgelehnt",
        intro: [
          "{{organization_name}} hat Ihre Datenschutzanfrage abgelehnt.",
          { when: "refusal_reason_text", text: "Der Grund: {{refusal_reason_text}}" },
          { when: "refusal_details", text: "{{refusal_details}}" }
        ],
        outro: [
          {
            when: "remedies",
            text:
              "Wenn Sie diese Entscheidung für falsch halten, können Sie {{organization_name}} antworten. {{remedies}}"
          },
          {
            unless: "remedies",
            text:
              "Wenn Sie diese Entscheidung für falsch halten, können Sie {{organization_name}} antworten oder sich bei Ihrer Datenschutzaufsichtsbehörde beschweren."
          }
        ]
      }
    }
  },
  pages: {
    confirmTitle: "Bestätigen Sie Ihre Anfrage",
    confirmChangeTitle: "Bestätigen Sie diese Änderung",
    confirmIntro:
      "{organization} hat in Ihrem Namen eine Datenschutzanfrage erhalten und bittet Sie, sie zu bestätigen.",
    request: "Anfrage",
    reference: "Referenz",
    received: "Eingegangen am",
    now: "Aktueller Stand",
    afterConfirming: "Nach der Bestätigung",
    validUntil: "Link gültig bis",
    confirm: "Bestätigen",
    confirmNote:
      "Danach werden Sie zu {host} weitergeleitet. Wenn Sie diese Anfrage nicht gestellt haben, schließen Sie diese Seite: Ohne Ihre Bestätigung ändert sich nichts.",
    confirmedTitle: "Bestätigt",
    alreadyConfirmedTitle: "Bereits bestätigt",
    continueTo: "Weiter zu {host}",
    thankYou: "Vielen Dank. {continue}.",
    expiredTitle: "Dieser Link ist abgelaufen",
    expiredAsk: "Der Link ist am {date} abgelaufen. Bitten Sie {organization} um einen neuen.",
    expiredSentNow:
      "Der Link ist am {date} abgelaufen. Ein neuer Link wird Ihnen per E-Mail zugesandt: Öffnen Sie ihn, um Ihre Anfrage zu bestätigen.",
    expiredSentEarlier:
      "Der Link ist am {date} abgelaufen. Ein neuer Link wurde Ihnen bereits per E-Mail zugesandt: Verwenden Sie den neuesten.",
    usedTitle: "Dieser Link wurde bereits verwendet",
    used:
      "Dieser Link wurde bereits bestätigt, und Ihre Anfrage hat sich seitdem geändert. Mit ihm ist nichts mehr zu tun. Bei Fragen wenden Sie sich an {organization}.",
    refusedTitle: "Dieser Link kann nicht mehr verwendet werden",
    refused:
      "Ihre Anfrage ist jetzt {from} und kann daher nicht mehr als {to} markiert werden. Es wurde nichts geändert. Bei Fragen wenden Sie sich an {organization}.",
    busyTitle: "Bitte versuchen Sie es erneut",
    busy:
      "Ihre Anfrage wurde im selben Moment geändert. Dieser Besuch hat nichts geändert; gehen Sie bitte zurück und versuchen Sie es gleich noch einmal.",
    notFoundTitle: "Link nicht gefunden",
    notFound: "Dieser Link ist ungültig. Prüfen Sie, ob Sie die vollständige Adresse aus der E-Mail geöffnet haben.",
    doneTitle: "Vielen Dank",
    done: "Ihre Bestätigung ist eingegangen. Es ist nichts weiter zu tun: Sie können diese Seite schließen."
  },
  form: {
    title: "Datenschutzanfrage stellen",
    intro:
      "Fragen Sie {organization} nach den personenbezogenen Daten, die über Sie gespeichert sind. Sie erhalten eine E-Mail mit einem Link: Ihre Anfrage wird gesendet, sobald Sie sie dort bestätigen.",
    right: "Ihre Anfrage",
    rightHint: "Wählen Sie das Recht, das Sie ausüben möchten, nach dem für Sie geltenden Gesetz.",
    country: "Land",
    countryHint: "Wo Sie wohnen, als Code aus zwei Buchstaben wie DE oder AT.",
    optional: "freiwillig",
    honeypot: "Dieses Feld leer lassen",
    submit: "Anfrage senden",
    sentTitle: "Sehen Sie in Ihre E-Mails",
    sent:
      "Vielen Dank. Eine E-Mail mit einem Bestätigungslink ist unterwegs an die angegebene Adresse. Öffnen Sie den Link, um Ihre Anfrage an {organization} zu bestätigen; kommt keine E-Mail an, prüfen Sie die Adresse und Ihren Spam-Ordner.",
    invalidTitle: "Bitte prüfen Sie Ihre Anfrage",
    invalid: "Einige Angaben müssen korrigiert werden; nichts wurde gesendet. Siehe den Hinweis neben jeder Angabe.",
    errors: {
      right: "Wählen Sie eine der aufgeführten Anfragen.",
      email: "Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.",
      country: "Geben Sie ein Land mit höchstens 64 Zeichen ein, etwa DE.",
      other: "Diese Anfrage kann so nicht angenommen werden."
    },
    refusedTitle: "Bitte senden Sie das Formular erneut",
    refused:
      "Dieses Formular war veraltet oder kam nicht von dieser Seite, daher wurde nichts gesendet. Ihre Angaben stehen unten: Prüfen Sie sie und senden Sie das Formular erneut.",
    tooManyTitle: "Zu viele Anfragen",
    tooMany:
      "Von hier wurden in kurzer Zeit zu viele Anfragen gesendet, daher wurde diese nicht gesendet. Bitte versuchen Sie es in {minutes} Minuten erneut.",
    notFoundTitle: "Formular nicht gefunden",
    notFound:
      "Unter dieser Adresse gibt es kein Formular für Datenschutzanfragen. Prüfen Sie die Adresse, die Sie erhalten haben."
  }
}
