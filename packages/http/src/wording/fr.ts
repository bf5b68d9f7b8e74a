import type { Wording } from "./Wording.js"

const confirmOutro = [
  "Le lien ne fonctionne qu’une fois et expire le {{expires_at_text}}. Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : rien ne se passe tant que le lien n’est pas ouvert et confirmé."
]

export const fr: Wording = {
  statuses: {
    unverified: "en attente de votre confirmation",
    verified: "confirmée",
    work_in_progress: "en cours de traitement",
    fulfilled: "traitée",
    refused: "refusée",
    archived: "clôturée"
  },
  email: {
    hello: "Bonjour,",
    buttonFallback: "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :",
    details: { request: "Demande", reference: "Référence", received: "Reçue le", deadline: "Réponse au plus tard le" },
    footer:
      "Vous recevez cet e-mail parce qu’une demande relative à vos données personnelles a été adressée à {{organization_name}} avec cette adresse.",
    replyTo: "Des questions ? Écrivez à {{reply_to}}.",
    refusalReasons: {
      identity_not_verified: "Nous n’avons pas pu vérifier votre identité.",
      exempt: "Une exception prévue par la loi s’applique à ce que vous avez demandé.",
      manifestly_unfounded_or_excessive: "La demande est manifestement infondée ou excessive.",
      duplicate: "La demande reprend l’une des vôtres à laquelle nous sommes encore en train de répondre.",
      other: "Pour la raison expliquée ci-dessous."
    },
    types: {
      approval: {
        subject: "Confirmez votre demande auprès de {{organization_name}}",
        intro: [
          "{{organization_name}} a reçu une demande relative à vos données personnelles faite avec cette adresse e-mail. Pour confirmer qu’elle vient bien de vous, utilisez le bouton ci-dessous."
        ],
        button: { label: "Confirmer ma demande", url: "url" },
        outro: confirmOutro
      },
      renewal: {
        subject: "Votre nouveau lien pour confirmer votre demande auprès de {{organization_name}}",
        intro: [
          "Le lien de confirmation que vous avez ouvert avait expiré ; en voici un nouveau. Pour confirmer votre demande auprès de {{organization_name}}, utilisez le bouton ci-dessous."
        ],
        button: { label: "Confirmer ma demande", url: "url" },
        outro: confirmOutro
      },
      reminder: {
        subject: "Rappel : confirmez votre demande auprès de {{organization_name}}",
        intro: [
          "{{organization_name}} a reçu une demande relative à vos données faite avec cette adresse e-mail, et elle attend toujours votre confirmation. Pour confirmer qu’elle vient de vous, utilisez le bouton ci-dessous.",
          "Si elle n’est pas confirmée d’ici le {{closes_at_text}}, la demande sera close sans réponse, l’identité de son auteur n’ayant pas pu être vérifiée."
        ],
        button: { label: "Confirmer ma demande", url: "url" },
        outro: confirmOutro
      },
      receipt: {
        subject: "{{organization_name}} a bien reçu votre demande",
        intro: [
          "{{organization_name}} a bien reçu votre demande ({{right}}).",
          {
            when: "deadline_text",
            text: "Une réponse vous sera donnée au plus tard le {{deadline_text}}. Vous serez prévenu par e-mail."
          }
        ],
        outro: []
      },
      status_notice: {
        subject: "Votre demande auprès de {{organization_name}} est {{status_label}}",
        intro: ["Votre demande auprès de {{organization_name}} est désormais {{status_label}}."],
        outro: [{
          when: "deadline_text",
          text: "{{organization_name}} vous répondra au plus tard le {{deadline_text}}."
        }]
      },
      access_fulfilled: {
        subject: "{{organization_name}} a répondu à votre demande d’accès à vos données",
        intro: [
          "{{organization_name}} a répondu à votre demande d’accès à vos données.",
          {
            when: "download_link",
            text: "Vous pouvez télécharger une copie de vos données avec le bouton ci-dessous."
          },
          { unless: "download_link", text: "{{organization_name}} vous envoie une copie de vos données séparément." }
        ],
        button: { label: "Télécharger mes données", url: "download_link", when: "download_link" },
        outro: []
      },
      delete_fulfilled: {
        subject: "{{organization_name}} a supprimé vos données",
        intro: [
          "{{organization_name}} a supprimé vos données personnelles comme vous l’avez demandé, sauf celles que la loi l’oblige à conserver."
        ],
        outro: []
      },
      opt_out_fulfilled: {
        subject: "{{organization_name}} ne vend plus et ne partage plus vos données",
        intro: [
          "{{organization_name}} a enregistré votre choix : vos données personnelles ne sont plus vendues ni partagées."
        ],
        outro: []
      },
      extension_notice: {
        subject: "Un délai supplémentaire est nécessaire pour répondre à votre demande à {{organization_name}}",
        intro: [
          "{{organization_name}} a besoin de plus de temps pour répondre à votre demande relative à vos données, comme la loi le permet, et y répondra au plus tard le {{deadline_text}}.",
          "La raison : {{reason}}"
        ],
        outro: []
      },
      refusal: {
        subject: "Votre demande auprès de {{organization_name}} a été refusée",
        intro: [
          "{{organization_name}} a refusé votre demande relative à vos données personnelles.",
          { when: "refusal_reason_text", text: "Le motif : {{refusal_reason_text}}" },
          { when: "refusal_details", text: "{{refusal_details}}" }
        ],
        outro: [
          {
            when: "remedies",
            text:
              "Si vous estimez cette décision injustifiée, vous pouvez répondre à {{organization_name}}. {{remedies}}"
          },
          {
            unless: "remedies",
            text:
              "Si vous estimez cette décision injustifiée, vous pouvez répondre à {{organization_name}} ou saisir votre autorité de protection des données."
          }
        ]
      }
    }
  },
  pages: {
    confirmTitle: "Confirmez votre demande",
    confirmChangeTitle: "Confirmez ce changement",
    confirmIntro:
      "{organization} a reçu une demande relative à vos données personnelles en votre nom et vous demande de la confirmer.",
    request: "Demande",
    reference: "Référence",
    received: "Reçue le",
    now: "Statut actuel",
    afterConfirming: "Après confirmation",
    validUntil: "Lien valable jusqu’au",
    confirm: "Confirmer",
    confirmNote:
      "Vous serez ensuite redirigé vers {host}. Si vous n’êtes pas à l’origine de cette demande, fermez cette page : rien ne change sans votre confirmation.",
    confirmedTitle: "Confirmé",
    alreadyConfirmedTitle: "Déjà confirmé",
    continueTo: "Continuer vers {host}",
    thankYou: "Merci. {continue}.",
    expiredTitle: "Ce lien a expiré",
    expiredAsk: "Le lien a expiré le {date}. Demandez-en un nouveau à {organization}.",
    expiredSentNow:
      "Le lien a expiré le {date}. Un nouveau lien va vous être envoyé par e-mail : ouvrez-le pour confirmer votre demande.",
    expiredSentEarlier:
      "Le lien a expiré le {date}. Un nouveau lien vous a déjà été envoyé par e-mail : utilisez le plus récent.",
    usedTitle: "Ce lien a déjà été utilisé",
    used:
      "Ce lien a déjà été confirmé, et votre demande a évolué depuis. Il n’y a plus rien à faire avec lui. Pour toute question, contactez {organization}.",
    refusedTitle: "Ce lien ne peut plus être utilisé",
    refused:
      "Votre demande est désormais {from} : elle ne peut plus être marquée {to}. Rien n’a été modifié. Pour toute question, contactez {organization}.",
    busyTitle: "Veuillez réessayer",
    busy:
      "Votre demande était modifiée au même moment. Cette visite n’a rien changé ; revenez en arrière et réessayez dans un instant.",
    notFoundTitle: "Lien introuvable",
    notFound: "Ce lien n’est pas valide. Vérifiez que vous avez ouvert l’adresse complète indiquée dans l’e-mail.",
    doneTitle: "Merci",
    done: "Votre confirmation a bien été reçue. Vous n’avez plus rien à faire : vous pouvez fermer cette page."
  },
  form: {
    title: "Faire une demande sur vos données",
    intro:
      "Interrogez {organization} sur les données personnelles qu’elle détient à votre sujet. Vous recevrez un e-mail avec un lien : votre demande est envoyée une fois confirmée par ce lien.",
    right: "Votre demande",
    rightHint: "Choisissez le droit que vous souhaitez exercer, selon la loi qui s’applique à vous.",
    country: "Pays",
    countryHint: "Où vous vivez, en code à deux lettres comme FR ou BE.",
    optional: "facultatif",
    honeypot: "Laissez ce champ vide",
    submit: "Envoyer ma demande",
    sentTitle: "Consultez vos e-mails",
    sent:
      "Merci. Un e-mail avec un lien de confirmation est en route vers l’adresse indiquée. Ouvrez le lien pour confirmer votre demande à {organization} ; si aucun e-mail n’arrive, vérifiez l’adresse et vos courriers indésirables.",
    invalidTitle: "Veuillez vérifier votre demande",
    invalid: "Certaines réponses sont à corriger ; rien n’a été envoyé. Voyez le message à côté de chacune.",
    errors: {
      right: "Choisissez l’une des demandes proposées.",
      email: "Saisissez une adresse e-mail comme nom@exemple.fr.",
      country: "Saisissez un pays de 64 caractères au plus, comme FR.",
      other: "Cette demande ne peut pas être acceptée telle quelle."
    },
    refusedTitle: "Veuillez renvoyer le formulaire",
    refused:
      "Ce formulaire était périmé ou ne venait pas de cette page : rien n’a été envoyé. Vos réponses sont conservées ci-dessous : vérifiez-les et renvoyez le formulaire.",
    tooManyTitle: "Trop de demandes",
    tooMany:
      "Trop de demandes ont été envoyées d’ici en peu de temps : celle-ci n’a pas été envoyée. Veuillez réessayer dans {minutes} minutes.",
    notFoundTitle: "Formulaire introuvable",
    notFound: "Il n’y a pas de formulaire de demande à cette adresse. Vérifiez l’adresse que l’on vous a donnée."
  }
}
