import type { Wording } from "./Wording.js"

const confirmOutro = [
  "El enlace funciona una sola vez y caduca el {{expires_at_text}}. Si usted no ha hecho esta solicitud, ignore este correo: no ocurre nada mientras el enlace no se abra y se confirme."
]

export const es: Wording = {
  statuses: {
    unverified: "pendiente de su confirmación",
    verified: "confirmada",
    work_in_progress: "en trámite",
    fulfilled: "atendida",
    refused: "rechazada",
    archived: "cerrada"
  },
  email: {
    hello: "Hola:",
    buttonFallback: "Si el botón no funciona, copie esta dirección en su navegador:",
    details: {
      request: "Solicitud",
      reference: "Referencia",
      received: "Recibida el",
      deadline: "Respuesta a más tardar el"
    },
    footer:
      "Recibe este correo porque se presentó una solicitud de privacidad a {{organization_name}} con esta dirección.",
    replyTo: "¿Preguntas? Escriba a {{reply_to}}.",
    refusalReasons: {
      identity_not_verified: "No hemos podido verificar su identidad.",
      exempt: "Una excepción prevista por la ley se aplica a lo que ha solicitado.",
      manifestly_unfounded_or_excessive: "La solicitud es manifiestamente infundada o excesiva.",
      duplicate: "La solicitud repite una de las suyas que todavía estamos respondiendo.",
      other: "Por el motivo que se explica a continuación."
    },
    types: {
      approval: {
        subject: "Confirme su solicitud de privacidad a {{organization_name}}",
        intro: [
          "{{organization_name}} ha recibido una solicitud de privacidad hecha con esta dirección de correo. Para confirmar que es suya, use el botón de abajo."
        ],
        button: { label: "Confirmar mi solicitud", url: "url" },
        outro: confirmOutro
      },
      renewal: {
        subject: "Su nuevo enlace para confirmar su solicitud de privacidad a {{organization_name}}",
        intro: [
          "El enlace de confirmación que abrió había caducado, así que aquí tiene uno nuevo. Para confirmar su solicitud de privacidad a {{organization_name}}, use el botón de abajo."
        ],
        button: { label: "Confirmar mi solicitud", url: "url" },
        outro: confirmOutro
      },
      reminder: {
        subject: "Recordatorio: confirme su solicitud de privacidad a {{organization_name}}",
        intro: [
          "{{organization_name}} recibió una solicitud de privacidad hecha con esta dirección de correo electrónico, que sigue esperando su confirmación. Para confirmar que es suya, use el botón de abajo.",
          "Si no se confirma antes del {{closes_at_text}}, la solicitud se cerrará sin respuesta, al no haberse podido verificar la identidad de quien la hizo."
        ],
        button: { label: "Confirmar mi solicitud", url: "url" },
        outro: confirmOutro
      },
      receipt: {
        subject: "{{organization_name}} recibió su solicitud de privacidad",
        intro: [
          "{{organization_name}} ha recibido su solicitud de privacidad ({{right}}).",
          {
            when: "deadline_text",
            text: "Se responderá a más tardar el {{deadline_text}}. Se le avisará por correo electrónico."
          }
        ],
        outro: []
      },
      status_notice: {
        subject: "Su solicitud de privacidad a {{organization_name}} está {{status_label}}",
        intro: ["Su solicitud de privacidad a {{organization_name}} está ahora {{status_label}}."],
        outro: [{
          when: "deadline_text",
          text: "{{organization_name}} le responderá a más tardar el {{deadline_text}}."
        }]
      },
      access_fulfilled: {
        subject: "{{organization_name}} ha respondido a su solicitud de acceso a sus datos",
        intro: [
          "{{organization_name}} ha respondido a su solicitud de acceso a sus datos.",
          { when: "download_link", text: "Puede descargar una copia de sus datos con el botón de abajo." },
          { unless: "download_link", text: "{{organization_name}} le envía una copia de sus datos por separado." }
        ],
        button: { label: "Descargar mis datos", url: "download_link", when: "download_link" },
        outro: []
      },
      delete_fulfilled: {
        subject: "{{organization_name}} ha eliminado sus datos",
        intro: [
          "{{organization_name}} ha eliminado sus datos personales como pidió, salvo los que la ley le obliga a conservar."
        ],
        outro: []
      },
      opt_out_fulfilled: {
        subject: "{{organization_name}} ya no vende ni comparte sus datos",
        intro: [
          "{{organization_name}} ha registrado su decisión: sus datos personales ya no se venden ni se comparten."
        ],
        outro: []
      },
      extension_notice: {
        subject: "Se necesita más tiempo para responder a su solicitud de privacidad a {{organization_name}}",
        intro: [
          "{{organization_name}} necesita más tiempo para responder a su solicitud de privacidad, como permite la ley, y la responderá antes del {{deadline_text}}.",
          "El motivo: {{reason}}"
        ],
        outro: []
      },
      refusal: {
        subject: "Su solicitud de privacidad a {{organization_name}} ha sido rechazada",
        intro: [
          "{{organization_name}} ha rechazado su solicitud de privacidad.",
          { when: "refusal_reason_text", text: "El motivo: {{refusal_reason_text}}" },
          { when: "refusal_details", text: "{{refusal_details}}" }
        ],
        outro: [
          {
            when: "remedies",
            text: "Si considera que esta decisión es errónea, puede responder a {{organization_name}}. {{remedies}}"
          },
          {
            unless: "remedies",
            text:
              "Si considera que esta decisión es errónea, puede responder a {{organization_name}} o presentar una reclamación ante su autoridad de protección de datos."
          }
        ]
      }
    }
  },
  pages: {
    confirmTitle: "Confirme su solicitud",
    confirmChangeTitle: "Confirme este cambio",
    confirmIntro: "{organization} ha recibido una solicitud de privacidad en su nombre y le pide que la confirme.",
    request: "Solicitud",
    reference: "Referencia",
    received: "Recibida el",
    now: "Estado actual",
    afterConfirming: "Tras confirmar",
    validUntil: "Enlace válido hasta el",
    confirm: "Confirmar",
    confirmNote:
      "Después irá a {host}. Si usted no ha hecho esta solicitud, cierre esta página: nada cambia si no confirma.",
    confirmedTitle: "Confirmada",
    alreadyConfirmedTitle: "Ya confirmada",
    continueTo: "Continuar a {host}",
    thankYou: "Gracias. {continue}.",
    expiredTitle: "Este enlace ha caducado",
    expiredAsk: "El enlace caducó el {date}. Pida uno nuevo a {organization}.",
    expiredSentNow:
      "El enlace caducó el {date}. Le enviaremos un enlace nuevo por correo: ábralo para confirmar su solicitud.",
    expiredSentEarlier: "El enlace caducó el {date}. Ya se le envió un enlace nuevo por correo: use el más reciente.",
    usedTitle: "Este enlace ya se ha utilizado",
    used:
      "Este enlace ya se confirmó y su solicitud ha cambiado desde entonces. No hay nada más que hacer con él. Si tiene alguna pregunta, contacte con {organization}.",
    refusedTitle: "Este enlace ya no se puede usar",
    refused:
      "Su solicitud está ahora {from}, por lo que ya no puede marcarse como {to}. No se ha cambiado nada. Si tiene alguna pregunta, contacte con {organization}.",
    busyTitle: "Inténtelo de nuevo",
    busy:
      "Su solicitud se estaba modificando en ese mismo momento. Esta visita no ha cambiado nada; vuelva atrás e inténtelo de nuevo en un momento.",
    notFoundTitle: "Enlace no encontrado",
    notFound: "Este enlace no es válido. Compruebe que abrió la dirección completa del correo.",
    doneTitle: "Gracias",
    done: "Hemos recibido su confirmación. No tiene que hacer nada más: puede cerrar esta página."
  },
  form: {
    title: "Hacer una solicitud sobre sus datos",
    intro:
      "Pregunte a {organization} por los datos personales que tiene sobre usted. Recibirá un correo con un enlace: su solicitud se envía cuando la confirme allí.",
    right: "Su solicitud",
    rightHint: "Elija el derecho que desea ejercer, según la ley que se le aplica.",
    country: "País",
    countryHint: "Donde vive, como código de dos letras, por ejemplo ES o MX.",
    optional: "opcional",
    honeypot: "Deje este campo vacío",
    submit: "Enviar mi solicitud",
    sentTitle: "Revise su correo",
    sent:
      "Gracias. Un correo con un enlace de confirmación va de camino a la dirección indicada. Abra el enlace para confirmar su solicitud a {organization}; si no llega ningún correo, compruebe la dirección y su carpeta de correo no deseado.",
    invalidTitle: "Revise su solicitud",
    invalid: "Hay respuestas que corregir; no se ha enviado nada. Vea el mensaje junto a cada una.",
    errors: {
      right: "Elija una de las solicitudes de la lista.",
      email: "Introduzca una dirección de correo como nombre@ejemplo.es.",
      country: "Introduzca un país de 64 caracteres como máximo, por ejemplo ES.",
      other: "Esta solicitud no se puede aceptar tal como está."
    },
    refusedTitle: "Envíe el formulario de nuevo",
    refused:
      "Este formulario estaba caducado o no venía de esta página, así que no se ha enviado nada. Sus respuestas se conservan abajo: revíselas y envíe el formulario de nuevo.",
    tooManyTitle: "Demasiadas solicitudes",
    tooMany:
      "Se enviaron demasiadas solicitudes desde aquí en poco tiempo, así que esta no se ha enviado. Vuelva a intentarlo dentro de {minutes} minutos.",
    notFoundTitle: "Formulario no encontrado",
    notFound: "No hay ningún formulario de solicitud en esta dirección. Compruebe la dirección que le dieron."
  }
}
